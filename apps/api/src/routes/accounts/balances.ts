import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, BalancesSchema } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/{id}/balances",
  summary: "Current balances from the account's own storage, with their age",
  ...scoped("read"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
  },
  responses: {
    200: { description: "Balances", content: { "application/json": { schema: BalancesSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

export const getBalances = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  const view = unwrapRpc(await account.balances(c.get("apiKey").owner));
  c.header("ETag", `"${view.version}"`);
  return c.json(view, 200);
});

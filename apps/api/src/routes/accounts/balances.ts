import { createRoute } from "@hono/zod-openapi";
import { ownedAccountOf } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, BalancesSchema } from "./schema.js";

const route = createRoute({
  operationId: "getBalances",
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

/** Account `id`'s balances as `owner` may see them, and the ETag that names their version. */
export async function readBalances(env: Env, owner: string, id: string) {
  const view = unwrapRpc(await (await ownedAccountOf(env, owner, id)).balances(owner));
  return { view, etag: `"${view.version}"` };
}

export const getBalances = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  const { view, etag } = await readBalances(c.env, c.get("apiKey").owner, id);
  c.header("ETag", etag);
  return c.json(view, 200);
});

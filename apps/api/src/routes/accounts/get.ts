import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, AccountViewSchema } from "./schema.js";

const route = createRoute({
  operationId: "getAccount",
  method: "get",
  path: "/{id}",
  summary: "An account with its sync status (credentials are never returned)",
  ...scoped("read"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
  },
  responses: {
    200: {
      description: "The account",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const getAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  return c.json(unwrapRpc(await account.describe(c.get("apiKey").owner)), 200);
});

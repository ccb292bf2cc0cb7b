import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, AccountViewSchema } from "./schema.js";

const route = createRoute({
  operationId: "syncAccount",
  method: "post",
  path: "/{id}/sync",
  summary: "Sync now (joins a sync already running) and answer the status after it",
  ...scoped("trade"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
  },
  responses: {
    200: {
      description: "The account after the sync; a failed sync shows in sync.lastError",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...notFound,
    // details.reason ACCOUNT_INACTIVE: the account is deactivated
    ...conflict,
  },
});

export const syncAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  return c.json(unwrapRpc(await account.requestSync(c.get("apiKey").owner)), 200);
});

import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, AccountViewSchema } from "./schema.js";

const respond = (description: string) => ({
  200: { description, content: { "application/json": { schema: AccountViewSchema } } },
  ...commonErrors,
  ...notFound,
});

const deactivateRoute = createRoute({
  operationId: "deactivateAccount",
  method: "post",
  path: "/{id}/deactivate",
  summary: "Stop syncing an account and leave it out of portfolios; its history stays",
  description:
    "The sync schedule stops, live holds are released, and the account leaves portfolios and snapshots. Its balances stay readable (`active: false`); trade checks, holds and syncs on it answer 409 with details.reason ACCOUNT_INACTIVE. Fills can still be recorded and voided. Deactivating an inactive account changes nothing.",
  ...scoped("admin"),
  request: { query: NoQuery, params: AccountIdParam },
  responses: respond("The account, inactive"),
});

const activateRoute = createRoute({
  operationId: "activateAccount",
  method: "post",
  path: "/{id}/activate",
  summary: "Resume an inactive account: back in portfolios, with a sync now",
  ...scoped("admin"),
  request: { query: NoQuery, params: AccountIdParam },
  responses: respond("The account, active, its sync due now"),
});

export const deactivateAccount = createApp().openapi(deactivateRoute, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  return c.json(unwrapRpc(await account.deactivate(c.get("apiKey").owner)), 200);
});

export const activateAccount = createApp().openapi(activateRoute, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  return c.json(unwrapRpc(await account.activate(c.get("apiKey").owner)), 200);
});

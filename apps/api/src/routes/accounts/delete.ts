import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, historyUnavailable, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { AccountIdParam, DeleteAccountQuery } from "./schema.js";

const route = createRoute({
  operationId: "deleteAccount",
  method: "delete",
  path: "/{id}",
  summary: "Delete an account, its storage and its sealed credentials",
  description:
    "History the account still owes D1 is written first; then the account leaves its owner's listing, and its object's storage (balances, holds, cursors, credentials) and schedule are deleted. Every route on the id answers 404 afterwards; registering the platform account again gives a new id. With `purge=true` its transactions and balance history are removed from D1 as well (portfolio snapshots stay). 503 when D1 cannot be reached: nothing is deleted.",
  ...scoped("admin"),
  request: { query: DeleteAccountQuery, params: AccountIdParam },
  responses: {
    204: { description: "Deleted" },
    ...commonErrors,
    ...notFound,
    ...historyUnavailable,
  },
});

export const deleteAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const { purge } = c.req.valid("query");
  const account = await ownedAccount(c, id);
  unwrapRpc(await account.remove(c.get("apiKey").owner, { purge }));
  return c.body(null, 204);
});

import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, TransactionInputSchema, TransactionSchema } from "./schema.js";

const route = createRoute({
  operationId: "recordTransaction",
  method: "post",
  path: "/{id}/transactions",
  summary: "Record a fill; idempotent by txId",
  description:
    "The first request stores the transaction (201) and moves the account's balances. The same txId again answers the stored record (200) and changes nothing; the same txId with different content is a 409.",
  ...scoped("trade"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
    body: { required: true, content: { "application/json": { schema: TransactionInputSchema } } },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: TransactionSchema } } },
    200: {
      description: "Already stored; the stored record",
      content: { "application/json": { schema: TransactionSchema } },
    },
    ...commonErrors,
    ...notFound,
    ...conflict,
  },
});

export const recordTransaction = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  const r = unwrapRpc(await account.recordTransaction(c.get("apiKey").owner, c.req.valid("json")));
  return r.created ? c.json(r.transaction, 201) : c.json(r.transaction, 200);
});

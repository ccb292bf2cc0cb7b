import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, notFoundOf } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { TransactionIdParam, TransactionSchema } from "./schema.js";

const route = createRoute({
  operationId: "voidTransaction",
  method: "post",
  path: "/{id}/transactions/{txId}/void",
  summary: "Take back a fill a bot recorded; idempotent",
  description:
    "Reverses the fill's effect on the balances (their version rises) and keeps the row, marked `metadata.void: true`, which histories and metrics leave out; bots on the stream and the owner's webhooks get `fill.voided`. Voiding it again answers the voided row. Only fills recorded through the API qualify: a row read from the platform is a 409 (details.reason NOT_A_RECORDED_FILL), as is a fill an exchange or chain already shows (SHOWN_BY_PLATFORM); an unknown txId is a 404.",
  ...scoped("trade"),
  request: { query: NoQuery, params: TransactionIdParam },
  responses: {
    200: {
      description: "The voided row",
      content: { "application/json": { schema: TransactionSchema } },
    },
    ...commonErrors,
    ...notFoundOf("No such account (of this owner), or no transaction with this id"),
    ...conflict,
  },
});

export const voidTransaction = createApp().openapi(route, async (c) => {
  const { id, txId } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  const r = unwrapRpc(await account.voidTransaction(c.get("apiKey").owner, txId));
  return c.json(r.transaction, 200);
});

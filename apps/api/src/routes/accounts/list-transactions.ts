import { createRoute } from "@hono/zod-openapi";
import { createDb, decodePageCursor, listTransactionRows, toTransaction } from "@portfolio/db";
import { ownedHistory } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { AccountIdParam, TransactionListQuery, TransactionListSchema } from "./schema.js";

const route = createRoute({
  operationId: "listTransactions",
  method: "get",
  path: "/{id}/transactions",
  summary: "Transactions, newest first, filtered by type, asset and time, cursor-paged",
  ...scoped("read"),
  request: { params: AccountIdParam, query: TransactionListQuery },
  responses: {
    200: {
      description: "A page of transactions",
      content: { "application/json": { schema: TransactionListSchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const listTransactions = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const q = c.req.valid("query");
  c.set("accountId", id);
  const before = q.cursor ? decodePageCursor(q.cursor) : null;
  if (q.cursor && !before)
    throw new ApiError("VALIDATION_FAILED", "cursor is not one this API returned");
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) {
    throw new ApiError("VALIDATION_FAILED", "from must not be after to");
  }
  await ownedHistory(c, id);
  const db = createDb(c.env.DB);
  const page = await listTransactionRows(db, {
    accountId: id,
    ...(q.type ? { types: q.type } : {}),
    ...(q.asset ? { asset: q.asset } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    limit: q.limit,
    before,
  });
  return c.json({ data: page.rows.map(toTransaction), nextCursor: page.nextCursor }, 200);
});

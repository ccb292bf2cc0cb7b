import { createRoute, z } from "@hono/zod-openapi";
import { accountId, assetSymbol, decimalString, timestampInput } from "@portfolio/core";
import { createDb, decodePageCursor, listBalanceHistory } from "@portfolio/db";
import { ownedHistory } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { AccountIdParam } from "./schema.js";

const BalanceHistoryQuery = z
  .object({
    asset: assetSymbol.optional(),
    from: timestampInput.optional().meta({ description: "rows synced at or after this time" }),
    to: timestampInput.optional().meta({ description: "rows synced at or before this time" }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const BalanceHistorySchema = z
  .object({
    data: z.array(
      z.object({
        accountId,
        asset: assetSymbol,
        amount: decimalString.meta({ description: "free + locked" }),
        free: decimalString,
        locked: decimalString,
        syncedAt: z.string().meta({ description: "when the sync read this balance" }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "BalanceHistory" });

const route = createRoute({
  operationId: "getBalanceHistory",
  method: "get",
  path: "/{id}/balances/history",
  summary: "Balance history from D1, newest first, filtered by asset and time, cursor-paged",
  description:
    "A row per asset each time a sync saw its balance on the platform change (what the platform said: fills recorded since and holds are not in it). Newest first; page with `nextCursor`.",
  ...scoped("read"),
  request: { params: AccountIdParam, query: BalanceHistoryQuery },
  responses: {
    200: {
      description: "A page of balance history",
      content: { "application/json": { schema: BalanceHistorySchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const getBalanceHistory = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const q = c.req.valid("query");
  const before = q.cursor ? decodePageCursor(q.cursor) : null;
  if (q.cursor && !before)
    throw new ApiError("VALIDATION_FAILED", "cursor is not one this API returned");
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to))
    throw new ApiError("VALIDATION_FAILED", "from must not be after to");
  await ownedHistory(c, id);
  const page = await listBalanceHistory(createDb(c.env.DB), {
    accountId: id,
    ...(q.asset ? { asset: q.asset } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    limit: q.limit,
    before,
  });
  const data = page.rows.map((r) => ({
    accountId: r.accountId,
    asset: r.asset,
    amount: r.amount,
    free: r.free,
    locked: r.locked,
    syncedAt: r.syncedAt.toISOString(),
  }));
  return c.json({ data, nextCursor: page.nextCursor }, 200);
});

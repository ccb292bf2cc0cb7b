import { z } from "@hono/zod-openapi";
import {
  Account,
  accountId,
  assetSymbol,
  Balance,
  JsonObject,
  Provider,
  positiveDecimalString,
  Transaction,
  TransactionInput,
  txTypes,
} from "@portfolio/core";

export const AccountIdParam = z.object({
  id: accountId.meta({ param: { name: "id", in: "path" }, example: "acct_3k9d0c1m2n4p5q6r7s8t" }),
});

export const CreateAccountBody = z
  .object({
    name: z.string().min(1).max(100).meta({ example: "My Binance" }),
    provider: Provider,
    /** the account's id on its platform */
    accountId: z.string().min(1).max(200).optional(),
    config: JsonObject.meta({ example: { seed: "demo", start: "2026-11-01T00:00:00Z" } }),
    metadata: JsonObject.optional(),
    /** sealed inside the account's Durable Object; never returned */
    credentials: z.record(z.string(), z.string().max(4096)).optional(),
    baseCurrency: assetSymbol.default("USD"),
    syncIntervalSeconds: z.number().int().min(10).max(86_400).optional(),
  })
  .strict()
  .meta({ id: "CreateAccount" });

export const SyncStatusSchema = z
  .object({
    state: z.enum(["pending", "syncing", "idle", "backoff", "needs_attention"]),
    lastRunAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z
      .object({ kind: z.string(), message: z.string(), retryable: z.boolean(), at: z.string() })
      .nullable(),
    nextRunAt: z.string().nullable(),
    attempts: z.number().int(),
    historyComplete: z.boolean(),
  })
  .meta({ id: "SyncStatus" });

export const AccountViewSchema = Account.extend({
  baseCurrency: assetSymbol,
  syncIntervalSeconds: z.number(),
  hasCredentials: z.boolean(),
  sync: SyncStatusSchema,
}).meta({ id: "Account" });

export const AccountListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

export const AccountListSchema = z
  .object({ data: z.array(Account), nextCursor: z.string().nullable() })
  .meta({ id: "AccountList" });

export const BalancesSchema = z
  .object({
    accountId,
    balances: z.array(Balance),
    syncedAt: z.string().nullable(),
    stale: z.boolean(),
  })
  .meta({ id: "Balances" });

export const TransactionSchema = Transaction.meta({ id: "Transaction" });
export const TransactionInputSchema = TransactionInput.meta({ id: "TransactionInput" });

export const TransactionListQuery = z
  .object({
    type: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",") : undefined))
      .pipe(z.array(z.enum(txTypes)).optional())
      .meta({ description: "comma-separated transaction types", example: "buy,sell" }),
    asset: assetSymbol.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const TransactionListSchema = z
  .object({ data: z.array(Transaction), nextCursor: z.string().nullable() })
  .meta({ id: "TransactionList" });

export const ReservationBody = z
  .object({
    asset: assetSymbol,
    amount: positiveDecimalString.meta({ example: "250.5" }),
    /** how long the hold lasts unless released or consumed by a recorded fill */
    ttlSeconds: z.number().int().min(1).max(86_400).default(300),
    ref: z.string().min(1).max(200).optional(),
  })
  .strict()
  .meta({ id: "ReservationInput" });

export const ReservationSchema = z
  .object({
    id: z.string(),
    accountId,
    asset: assetSymbol,
    amount: z.string(),
    ref: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "Reservation" });

export const ReservationIdParam = AccountIdParam.extend({
  reservationId: z
    .string()
    .regex(/^rsv_[0-9a-z]{16,32}$/)
    .meta({ param: { name: "reservationId", in: "path" } }),
});

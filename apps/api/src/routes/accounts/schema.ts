import { z } from "@hono/zod-openapi";
import { providerConfigSchemas } from "@portfolio/adapters";
import {
  Account,
  accountId,
  assetSymbol,
  Balance,
  decimalString,
  FillInput,
  JsonObject,
  type Provider,
  positiveAmountInput,
  Transaction,
  timestampInput,
  txTypes,
} from "@portfolio/core";

export const AccountIdParam = z.object({
  id: accountId.meta({ param: { name: "id", in: "path" }, example: "acct_3k9d0c1m2n4p5q6r7s8t" }),
});

const accountFields = {
  name: z.string().min(1).max(100).meta({ example: "My Binance" }),
  /** the account's id on its platform; a Binance or EVM account's is read from the platform instead */
  platformAccountId: z.string().min(1).max(200).optional(),
  metadata: JsonObject.optional(),
  /** sealed inside the account's Durable Object; never returned */
  credentials: z.record(z.string(), z.string().max(4096)).optional(),
  baseCurrency: assetSymbol.default("USD"),
  syncIntervalSeconds: z.number().int().min(10).max(86_400).optional(),
};

/** One provider's registration: its own config schema (the adapter's, as the account object checks it). */
function registration<P extends Provider>(provider: P) {
  return z
    .object({
      ...accountFields,
      provider: z.literal(provider),
      config: providerConfigSchemas[provider].optional().meta({
        description:
          provider === "simulated" || provider === "manual"
            ? "the provider's settings; this provider needs none"
            : "the provider's settings",
      }),
    })
    .strict()
    .meta({ id: `Create${provider[0]?.toUpperCase()}${provider.slice(1)}Account` });
}

/** A registration: one shape per provider, told apart by `provider` (a discriminated union). */
export const CreateAccountBody = z
  .discriminatedUnion("provider", [
    registration("simulated"),
    registration("binance"),
    registration("evm"),
    registration("manual"),
  ])
  .meta({ id: "CreateAccount" });

export const UpdateAccountBody = z
  .object({
    name: z.string().min(1).max(100).optional(),
    metadata: JsonObject.optional().meta({ description: "replaces the stored metadata" }),
    syncIntervalSeconds: z.number().int().min(10).max(86_400).optional(),
    config: JsonObject.optional().meta({
      description:
        "only the provider's fields to change (null puts one back to its default). Fields that say which account or which history it is (an EVM account's chainId and addresses, Binance's baseUrl, a simulated seed…) cannot change: that is a 400, register a new account instead",
      example: { confirmations: 6 },
    }),
    credentials: z.record(z.string(), z.string().max(4096)).optional().meta({
      description:
        "replaces the sealed credentials as a whole, checked as at registration and against the platform (the same Binance uid, an EVM node on the same chain); never returned",
    }),
  })
  .strict()
  .meta({ id: "UpdateAccount" });

export const DeleteAccountQuery = z
  .object({
    purge: z
      .enum(["true", "false"])
      .optional()
      .transform((v) => v === "true")
      .meta({
        description:
          "also remove the account's history from D1 (transactions, balance history); portfolio snapshots stay",
      }),
  })
  .strict();

export const TransactionIdParam = AccountIdParam.extend({
  txId: z
    .string()
    .min(1)
    .max(200)
    .meta({ param: { name: "txId", in: "path" }, example: "bot-fill-42" }),
});

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
  ignoredAssets: z
    .object({
      count: z.number().int(),
      assets: z.array(z.object({ token: z.string(), symbol: z.string(), reason: z.string() })),
    })
    .meta({
      id: "IgnoredAssets",
      description:
        "tokens the platform shows that are not counted (spam, hostile: decimals over 36, a balanceOf that burns gas…), with why; the first 100",
    }),
  failedMovements: z
    .array(
      z.object({
        kind: z.string(),
        id: z.string(),
        asset: z.string(),
        amount: decimalString,
        status: z.number().int(),
        at: z.string(),
      }),
    )
    .meta({
      description:
        "deposits and withdrawals the platform ended without moving money (rejected, cancelled, failed), newest first, at most 20: no history row stands for them",
    }),
  unexplained: z.record(z.string(), decimalString).meta({
    description:
      'per asset, what the platform\'s balances hold that no history row explains (the sum of the `kind: "unexplained"` rows, which count as flows, never as returns)',
  }),
  live: z
    .object({
      state: z.enum(["off", "connecting", "open", "down"]),
      openSince: z.string().nullable(),
      live: z.boolean(),
      lastEventAt: z.string().nullable(),
      reconnects: z.number().int(),
      retryAt: z.string().nullable(),
      lastError: z.object({ kind: z.string(), message: z.string(), at: z.string() }).nullable(),
    })
    .meta({
      id: "LiveFeed",
      description:
        "the platform's push feed of the account (Binance's user data stream, with `realtime` on): `live` once it is open and the sync after it has read anything missed; `off` for platforms without one",
    }),
  backfill: z
    .object({
      state: z.enum(["none", "pending", "running", "done", "failed"]),
      from: z.string().nullable(),
      to: z.string().nullable(),
      done: z.number().int().meta({
        description: "rebuilt points the last run wrote (daily, hourly over the last 90 days)",
      }),
    })
    .optional()
    .meta({
      description:
        "the owner's past rebuilt from the ledger and valued with the price service (shared by the owner's accounts; on GET /v1/accounts/:id): pending or running while it is rebuilt, done with the days it covered",
    }),
}).meta({ id: "Account" });

export const AccountListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const AccountListSchema = z
  .object({ data: z.array(Account), nextCursor: z.string().nullable() })
  .meta({ id: "AccountList" });

export const BalancesSchema = z
  .object({
    accountId,
    version: z.number().int().meta({ description: "rises with every change; also the ETag" }),
    platformAsOf: z.string().nullable().meta({
      description:
        "when the platform state these balances include was read; fills recorded since are applied on top",
    }),
    balances: z.array(Balance),
    syncedAt: z.string().nullable(),
    stale: z.boolean(),
    live: z.boolean().meta({
      description:
        "the platform's push feed (Binance's user data stream) is open and caught up: these are the platform's balances as of now",
    }),
    active: z.boolean().meta({
      description:
        "false once the account is deactivated: its last known balances, no longer synced",
    }),
  })
  .meta({ id: "Balances" });

export const TransactionSchema = Transaction.meta({ id: "Transaction" });
export const TransactionInputSchema = FillInput.meta({ id: "TransactionInput" });

export const TransactionListQuery = z
  .object({
    type: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(",") : undefined))
      .pipe(z.array(z.enum(txTypes)).optional())
      .meta({ description: "comma-separated transaction types", example: "buy,sell" }),
    asset: assetSymbol.optional(),
    from: timestampInput.optional(),
    to: timestampInput.optional(),
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
    amount: positiveAmountInput.meta({ example: "250.5" }),
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
    amount: decimalString.meta({ description: "what is still held" }),
    requested: decimalString.meta({
      description: "what was held at first; fills recorded under the hold reduce `amount`",
    }),
    ref: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "Reservation" });

export const ReservationListSchema = z
  .object({ data: z.array(ReservationSchema) })
  .meta({ id: "ReservationList" });

/** `If-Match: "<version>"`: act only while the balances are still at that version. */
export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .regex(/^(W\/)?"?[0-9]{1,15}"?$/, 'expected the balances\' version, e.g. "42"')
    .optional()
    .meta({ description: "the balances' version (their ETag): hold only if nothing changed" }),
});

/** The version in an If-Match header, if one was sent. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  return header === undefined ? undefined : Number(header.replace(/^W\//, "").replaceAll('"', ""));
}

export const ReservationIdParam = AccountIdParam.extend({
  reservationId: z
    .string()
    .regex(/^rsv_[0-9a-z]{16,32}$/)
    .meta({ param: { name: "reservationId", in: "path" } }),
});

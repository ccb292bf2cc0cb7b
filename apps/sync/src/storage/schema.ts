import type { JsonObject } from "@portfolio/core";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The one account this object owns (a single row, id = the account id). */
export const account = sqliteTable("account", {
  id: text("id").primaryKey(),
  /** who the account belongs to; every call names its owner and another owner's is not found */
  owner: text("owner").notNull().default("default"),
  name: text("name").notNull(),
  type: text("type", { enum: ["dex", "cex"] }).notNull(),
  provider: text("provider").notNull(),
  platformAccountId: text("platform_account_id"),
  config: text("config", { mode: "json" }).$type<JsonObject>().notNull(),
  metadata: text("metadata", { mode: "json" }).$type<JsonObject>().notNull(),
  /** sealed credentials, `v2.<key id>.<base64(iv ‖ ciphertext)>` (bare base64 before key ids); never returned */
  credentials: text("credentials"),
  baseCurrency: text("base_currency").notNull(),
  syncIntervalMs: integer("sync_interval_ms").notNull(),
  active: integer("active", { mode: "boolean" }).notNull(),
  insertedAt: integer("inserted_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Current balances: the platform's last known state (`platform_free`, `locked`) plus the fills
 * recorded since that the platform has not shown yet (`free`, exact, may dip below zero when a
 * fill spends what the platform has not reported yet; views never show less than zero).
 */
export const balances = sqliteTable("balances", {
  asset: text("asset").primaryKey(),
  free: text("free").notNull(),
  locked: text("locked").notNull(),
  syncedAt: integer("synced_at").notNull(),
  platformFree: text("platform_free").notNull().default("0"),
});

/** One row (id 1): the balances' version, raised by every change, and the platform state's time. */
export const ledgerState = sqliteTable("ledger_state", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
  /** when the platform state the balances include was read; null before the first sync */
  platformAsOf: integer("platform_as_of"),
});

/**
 * Fills bots recorded through the API. `unseen` ones are applied on top of the platform's
 * balances until a sync's history shows the same trade (by the platform's trade id, the order
 * id, or the same txId on platforms whose ledger we keep); then they are `seen`. `void` ones
 * were taken back by their owner.
 */
export const fills = sqliteTable(
  "fills",
  {
    txId: text("tx_id").primaryKey(),
    /** our id of the transaction row (tx_…), stable across replays */
    rowId: text("row_id").notNull(),
    /** the transaction as recorded (TransactionInput JSON) */
    tx: text("tx", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** asset → signed decimal string: what the fill does to balances */
    deltas: text("deltas", { mode: "json" }).$type<Record<string, string>>().notNull(),
    tradeId: text("trade_id"),
    orderId: text("order_id"),
    state: text("state", { enum: ["unseen", "seen", "void"] }).notNull(),
    recordedAt: integer("recorded_at").notNull(),
    /** when a platform whose ledger we keep books it: never before it was recorded */
    bookedAt: integer("booked_at").notNull(),
    voidedAt: integer("voided_at"),
  },
  (t) => [index("fills_state").on(t.state), index("fills_booked_at").on(t.bookedAt)],
);

/**
 * What the platform's history showed in the last days, by the ids a bot's fill may name
 * (`x:<txId>`, `t:<tradeId>`, `o:<asset>:<orderId>`): a fill reported after the sync already
 * read its trade is recognised at once instead of being applied on top of balances that hold it.
 */
export const platformKeys = sqliteTable(
  "platform_keys",
  {
    key: text("key").primaryKey(),
    /** the platform's row that showed it */
    txId: text("tx_id").notNull(),
    /** the trade's own time; keys older than the memory window are forgotten */
    at: integer("at").notNull(),
  },
  (t) => [index("platform_keys_at").on(t.at)],
);

/**
 * History the object owes D1, in order: written in the same storage transaction as the change
 * it records, sent behind the answer, deleted once D1 has it. Nothing is lost when D1 is down.
 */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  /**
   * transaction, void: rows for D1 (and their webhook events); shown: a recorded fill's D1 row
   * marks the platform row that shows the same trade; event: a webhook event only
   */
  kind: text("kind", { enum: ["transaction", "void", "shown", "event"] }).notNull(),
  payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer("created_at").notNull(),
});

/** The exchange's trading rules per pair, refreshed in the background, read by trade checks. */
export const symbolRules = sqliteTable("symbol_rules", {
  pair: text("pair").primaryKey(),
  /** SymbolRules JSON, or null when the platform has no such symbol */
  rules: text("rules", { mode: "json" }).$type<Record<string, unknown> | null>(),
  fetchedAt: integer("fetched_at").notNull(),
});

/** Last market prices, in the account's base currency. */
export const prices = sqliteTable("prices", {
  asset: text("asset").primaryKey(),
  price: text("price").notNull(),
  base: text("base").notNull(),
  asOf: integer("as_of").notNull(),
});

/** Sync cursors per stream; advanced only after the rows they cover are stored in D1. */
export const cursors = sqliteTable("cursors", {
  stream: text("stream").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The alarm schedule as data: one row per job. */
export const jobs = sqliteTable("jobs", {
  name: text("name").primaryKey(),
  /** null: not scheduled (paused until someone asks for a sync) */
  nextRunAt: integer("next_run_at"),
  attempts: integer("attempts").notNull().default(0),
  lastRunAt: integer("last_run_at"),
  lastSuccessAt: integer("last_success_at"),
  lastErrorAt: integer("last_error_at"),
  lastError: text("last_error", { mode: "json" }).$type<{
    kind: string;
    message: string;
    retryable: boolean;
  }>(),
  /** needs_attention: a non-retryable failure stopped the schedule */
  state: text("state", { enum: ["scheduled", "backoff", "needs_attention"] }).notNull(),
});

/**
 * Funds held for a bot's pending order; they expire on their own. `amount` is what is still
 * held: a fill recorded under the hold reduces it by what the fill spent.
 */
export const reservations = sqliteTable(
  "reservations",
  {
    id: text("id").primaryKey(),
    asset: text("asset").notNull(),
    amount: text("amount").notNull(),
    /** the caller's own reference (an order id), if it gave one; one live hold per ref */
    ref: text("ref"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** what was held at first */
    requested: text("requested").notNull().default("0"),
  },
  (t) => [uniqueIndex("reservations_ref").on(t.ref), index("reservations_expiry").on(t.expiresAt)],
);

/** Webhook events already applied (by the provider's event id), so a redelivery changes nothing. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  receivedAt: integer("received_at").notNull(),
});

import type { JsonObject } from "@portfolio/core";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
  /** AES-GCM ciphertext of the credentials JSON (base64 of iv ‖ ciphertext); never returned */
  credentials: text("credentials"),
  baseCurrency: text("base_currency").notNull(),
  syncIntervalMs: integer("sync_interval_ms").notNull(),
  active: integer("active", { mode: "boolean" }).notNull(),
  insertedAt: integer("inserted_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Current balances as last synced, adjusted by fills recorded since. */
export const balances = sqliteTable("balances", {
  asset: text("asset").primaryKey(),
  free: text("free").notNull(),
  locked: text("locked").notNull(),
  syncedAt: integer("synced_at").notNull(),
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

/** Funds held for a bot's pending order; they expire on their own. */
export const reservations = sqliteTable("reservations", {
  id: text("id").primaryKey(),
  asset: text("asset").notNull(),
  amount: text("amount").notNull(),
  /** the caller's own reference (an order id), if it gave one */
  ref: text("ref"),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Webhook events already applied (by the provider's event id), so a redelivery changes nothing. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  receivedAt: integer("received_at").notNull(),
});

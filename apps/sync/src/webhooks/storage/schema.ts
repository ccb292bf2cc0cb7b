import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** The owner whose endpoints this object holds (one row, id 1); every call names its owner. */
export const owner = sqliteTable("owner", {
  id: integer("id").primaryKey(),
  owner: text("owner").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** Where the owner's events go. The signing secret is sealed and never leaves the object again. */
export const endpoints = sqliteTable("endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** the event types sent; null: every type */
  events: text("events", { mode: "json" }).$type<string[] | null>(),
  /** the accounts whose events are sent; null: every account of the owner */
  accountIds: text("account_ids", { mode: "json" }).$type<string[] | null>(),
  /** the `whsec_…` secret, sealed with AES-256-GCM under CREDENTIALS_KEY (the endpoint id as AAD) */
  secret: text("secret").notNull(),
  active: integer("active", { mode: "boolean" }).notNull(),
  /** why the endpoint was switched off (it answered 410 Gone), when it was */
  disabledReason: text("disabled_reason"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Events that matched at least one endpoint, with the exact body every delivery of it sends;
 * their ids make a redelivered batch a no-op. Dropped with the last delivery that refers to them.
 */
export const events = sqliteTable("events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  accountId: text("account_id"),
  /** the JSON body as sent (and signed); empty when it was over the size limit */
  payload: text("payload").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** One event to one endpoint: its attempts, its state and when it is tried next. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    state: text("state", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull(),
    lastStatus: integer("last_status"),
    /** short, never a secret, the URL or the receiver's body */
    lastError: text("last_error"),
    /** pending only: when the next attempt is due */
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("deliveries_endpoint_event").on(t.endpointId, t.eventId),
    index("deliveries_due").on(t.state, t.nextAttemptAt),
    index("deliveries_endpoint_created").on(t.endpointId, t.createdAt),
    index("deliveries_created").on(t.createdAt),
  ],
);

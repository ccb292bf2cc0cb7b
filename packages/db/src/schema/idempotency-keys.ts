import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { epochMs } from "./columns.js";

/**
 * The API's `Idempotency-Key`s: one row per owner and key, first pending (no status: the first
 * request still runs), then holding that request's 2xx answer for replay until `expires_at`.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    /** `idem_…`: the request that holds the key; only it may complete or free the row */
    id: text("id").primaryKey(),
    /** the API key owner: keys of different owners never meet */
    ownerId: text("owner_id").notNull(),
    key: text("key").notNull(),
    /** method and path template, e.g. `POST /v1/accounts/:id/reservations` */
    route: text("route").notNull(),
    /** hex SHA-256 of the canonical request (method, path, body bytes) */
    fingerprint: text("fingerprint").notNull(),
    /** the answer's status; null while the first request runs */
    status: integer("status"),
    /** the answer's JSON body, replayed as is */
    responseBody: text("response_body"),
    createdAt: epochMs("created_at").notNull(),
    /** a pending row's lease, then the end of the replay window */
    expiresAt: epochMs("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_owner_key_uq").on(t.ownerId, t.key),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

import type { JsonObject } from "@portfolio/core";
import { integer, text } from "drizzle-orm/sqlite-core";

/** Epoch milliseconds; integers sort and range-filter cheaply in SQLite. */
export const epochMs = (name: string) => integer(name, { mode: "timestamp_ms" });

/** Decimal amounts are TEXT in canonical decimal notation, never REAL. */
export const decimalText = (name: string) => text(name);

export const jsonText = (name: string) => text(name, { mode: "json" }).$type<JsonObject>();

export const bookkeeping = {
  insertedAt: epochMs("inserted_at").notNull(),
  updatedAt: epochMs("updated_at").notNull(),
};

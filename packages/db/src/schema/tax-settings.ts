import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * An owner's cost-basis settings (core's TaxSettings, as JSON): the method, per-account methods,
 * and how fees, transfers, liquidity and deposits count. Reports read them and compute from the
 * ledger on request; nothing a report computes is stored.
 */
export const taxSettings = sqliteTable("tax_settings", {
  ownerId: text("owner_id").primaryKey(),
  settings: text("settings", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

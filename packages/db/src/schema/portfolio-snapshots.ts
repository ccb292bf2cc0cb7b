import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bookkeeping, decimalText, epochMs } from "./columns.js";

export interface SnapshotHolding {
  asset: string;
  amount: string;
  price: string | null;
  value: string | null;
}

export const portfolioSnapshots = sqliteTable(
  "portfolio_snapshots",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull().default("default"),
    timestamp: epochMs("timestamp").notNull(),
    value: decimalText("value").notNull(),
    baseCurrency: text("base_currency").notNull(),
    assetBreakdown: text("asset_breakdown", { mode: "json" }).$type<SnapshotHolding[]>().notNull(),
    /** every known price in the base currency at the time (held or not), for benchmarks and flows */
    prices: text("prices", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /**
     * accounts that could not answer when it was taken: the value leaves them out, so the
     * snapshot is partial and is not a point of the value history
     */
    /**
     * "live": taken from the accounts' balances at the time; "rebuilt": replayed from the ledger
     * and valued with the price service (a day before the account was watched, or redone)
     */
    source: text("source", { enum: ["live", "rebuilt"] })
      .notNull()
      .default("live"),
    unavailableAccounts: text("unavailable_accounts", { mode: "json" })
      .$type<{ accountId: string; reason: string }[]>()
      .notNull()
      .default([]),
    ...bookkeeping,
  },
  (t) => [
    index("portfolio_snapshots_timestamp_idx").on(t.timestamp),
    uniqueIndex("portfolio_snapshots_owner_base_time_uq").on(
      t.ownerId,
      t.baseCurrency,
      t.timestamp,
    ),
  ],
);

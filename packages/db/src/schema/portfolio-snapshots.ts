import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
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
    timestamp: epochMs("timestamp").notNull(),
    value: decimalText("value").notNull(),
    baseCurrency: text("base_currency").notNull(),
    assetBreakdown: text("asset_breakdown", { mode: "json" }).$type<SnapshotHolding[]>().notNull(),
    ...bookkeeping,
  },
  (t) => [index("portfolio_snapshots_timestamp_idx").on(t.timestamp)],
);

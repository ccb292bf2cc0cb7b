import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { bookkeeping, decimalText, epochMs } from "./columns.js";

/** Balance history: one row per asset whose balance changed, per sync. */
export const balances = sqliteTable(
  "balances",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    asset: text("asset").notNull(),
    /** free + locked */
    amount: decimalText("amount").notNull(),
    /** free on the platform (spendable before our reservations) */
    free: decimalText("free").notNull(),
    locked: decimalText("locked").notNull(),
    syncedAt: epochMs("synced_at").notNull(),
    ...bookkeeping,
  },
  (t) => [
    uniqueIndex("balances_account_asset_synced_uq").on(t.accountId, t.asset, t.syncedAt),
    index("balances_account_synced_idx").on(t.accountId, t.syncedAt),
  ],
);
export type BalanceRow = typeof balances.$inferSelect;

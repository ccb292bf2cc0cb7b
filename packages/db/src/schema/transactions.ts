import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts.js";
import { bookkeeping, decimalText, epochMs, jsonText } from "./columns.js";

export const transactions = sqliteTable(
  "transactions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** the platform's id (or the bot's, for a recorded fill): unique per account */
    txId: text("tx_id").notNull(),
    txType: text("tx_type").notNull(),
    asset: text("asset").notNull(),
    amount: decimalText("amount").notNull(),
    price: decimalText("price"),
    quoteAsset: text("quote_asset"),
    quoteAmount: decimalText("quote_amount"),
    fee: decimalText("fee"),
    feeAsset: text("fee_asset"),
    timestamp: epochMs("timestamp").notNull(),
    metadata: jsonText("metadata").notNull(),
    /** `sync` when read from the platform, `api` when a bot recorded it, `pending` while not final */
    source: text("source", { enum: ["sync", "api", "pending"] }).notNull(),
    ...bookkeeping,
  },
  (t) => [
    uniqueIndex("transactions_account_tx_uq").on(t.accountId, t.txId),
    index("transactions_account_timestamp_idx").on(t.accountId, t.timestamp, t.id),
  ],
);
export type TransactionRow = typeof transactions.$inferSelect;
export type NewTransactionRow = typeof transactions.$inferInsert;

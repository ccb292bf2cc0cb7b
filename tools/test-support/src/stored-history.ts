import { TransactionInput } from "@portfolio/core";
import { createDb, insertTransactions, toTransactionRow } from "@portfolio/db";

/** A history row as a test or bench writes it: what it moves; the rest is TransactionInput's default. */
export type HistoryRow = Pick<TransactionInput, "txId" | "txType" | "asset" | "amount"> &
  Partial<Omit<TransactionInput, "timestamp">> & { timestamp: number | string };

/** Rows per D1 batch: a page of a sync is far smaller, a bench's five years far larger. */
const SLICE = 2_000;

/**
 * Stores `rows` in D1 as a sync of `accountId` would have (source `sync`, inserted at their own
 * time), through the product's own row builder and insert, in slices D1 takes in one batch.
 * Each row is validated as a platform's transaction is, so a test cannot store what a sync
 * never could.
 */
export async function storeHistory(
  d1: Parameters<typeof createDb>[0],
  accountId: string,
  rows: readonly HistoryRow[],
): Promise<void> {
  const db = createDb(d1);
  for (let i = 0; i < rows.length; i += SLICE) {
    const slice = rows.slice(i, i + SLICE).map((r) => {
      const tx = TransactionInput.parse({ ...r, timestamp: new Date(r.timestamp).toISOString() });
      return toTransactionRow(accountId, tx, "sync", new Date(tx.timestamp));
    });
    await insertTransactions(db, slice);
  }
}

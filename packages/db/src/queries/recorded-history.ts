import type { Transaction } from "@portfolio/core";
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunkRows, type Db } from "../client.js";
import { type NewTransactionRow, transactions } from "../schema/transactions.js";
import { toTransactionRow } from "./transactions.js";

/** What an account's object owes D1 about the fills bots recorded, in the order it happened. */
export type RecordedHistoryEntry =
  | { kind: "transaction"; transaction: Transaction }
  | { kind: "void"; accountId: string; txId: string; at: number }
  /** the platform's row `by` shows the same trade as the recorded fill `txId` */
  | { kind: "shown"; accountId: string; txId: string; by: string };

/** The D1 row of a fill the account's object recorded: its own id and time, source `api`. */
function rowOf(tx: Transaction): NewTransactionRow {
  return {
    ...toTransactionRow(tx.accountId, tx, "api", new Date(tx.insertedAt)),
    id: tx.id,
    updatedAt: new Date(tx.updatedAt),
  };
}

const TX_COLUMNS = 16;

/**
 * Writes the entries in one D1 batch (one transaction: all or nothing), in order. Inserts skip
 * rows already there (a batch sent twice after a lost answer changes nothing); a void marks
 * the row `metadata.void = true`, and a fill the platform's own row shows is marked
 * `metadata.shownAs = <that row's txId>`: histories and metrics leave both out.
 */
export async function writeRecordedHistory(
  db: Db,
  entries: readonly RecordedHistoryEntry[],
): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  let run: NewTransactionRow[] = [];
  const flush = () => {
    for (const chunk of chunkRows(run, TX_COLUMNS))
      statements.push(
        db
          .insert(transactions)
          .values(chunk)
          .onConflictDoNothing({ target: [transactions.accountId, transactions.txId] }),
      );
    run = [];
  };
  for (const e of entries) {
    if (e.kind === "transaction") {
      run.push(rowOf(e.transaction));
      continue;
    }
    flush();
    const metadata =
      e.kind === "void"
        ? sql`json_set(${transactions.metadata}, '$.void', json('true'))`
        : sql`json_set(${transactions.metadata}, '$.shownAs', ${e.by})`;
    statements.push(
      db
        .update(transactions)
        .set({ metadata, ...(e.kind === "void" ? { updatedAt: new Date(e.at) } : {}) })
        .where(and(eq(transactions.accountId, e.accountId), eq(transactions.txId, e.txId))),
    );
  }
  flush();
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

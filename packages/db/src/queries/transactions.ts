import { newId, type Transaction, type TransactionInput } from "@portfolio/core";
import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { chunkRows, type Db } from "../client.js";
import {
  type NewTransactionRow,
  type TransactionRow,
  transactions,
} from "../schema/transactions.js";
import { type PageKey, toPage } from "./page-cursor.js";

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    accountId: row.accountId,
    txId: row.txId,
    txType: row.txType as Transaction["txType"],
    asset: row.asset,
    amount: row.amount,
    price: row.price,
    quoteAsset: row.quoteAsset,
    quoteAmount: row.quoteAmount,
    fee: row.fee,
    feeAsset: row.feeAsset,
    timestamp: row.timestamp.toISOString(),
    metadata: row.metadata,
    insertedAt: row.insertedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTransactionRow(
  accountId: string,
  tx: TransactionInput,
  source: "sync" | "api" | "pending",
  now: Date,
): NewTransactionRow {
  return {
    id: newId("tx"),
    accountId,
    txId: tx.txId,
    txType: tx.txType,
    asset: tx.asset,
    amount: tx.amount,
    price: tx.price,
    quoteAsset: tx.quoteAsset,
    quoteAmount: tx.quoteAmount,
    fee: tx.fee,
    feeAsset: tx.feeAsset,
    timestamp: new Date(tx.timestamp),
    metadata: tx.metadata,
    source,
    insertedAt: now,
    updatedAt: now,
  };
}

const TX_COLUMNS = 16;

/**
 * Stores transactions once: rows whose (account_id, tx_id) already exists are skipped, so a
 * sync that is retried or resumed never double-counts. All chunks go in one D1 batch, which
 * D1 runs as a single transaction: either every row of the page is stored or none is.
 * Returns the number of rows newly stored.
 */
export async function insertTransactions(db: Db, rows: NewTransactionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const statements = chunkRows(rows, TX_COLUMNS).map((chunk) =>
    db
      .insert(transactions)
      .values(chunk)
      .onConflictDoNothing({ target: [transactions.accountId, transactions.txId] }),
  );
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

/** Drops an account's not-yet-final rows; the sync writes the current ones again. */
export async function deletePendingTransactions(db: Db, accountId: string): Promise<number> {
  const r = await db
    .delete(transactions)
    .where(and(eq(transactions.accountId, accountId), eq(transactions.source, "pending")));
  return r.meta.changes ?? 0;
}

/**
 * Drops an account's synced rows of chain blocks at or after `block` (their `metadata.block`,
 * or `metadata.fromBlock` for rows covering a block range): the chain replaced those blocks.
 */
export async function deleteTransactionsFromBlock(
  db: Db,
  accountId: string,
  block: bigint,
): Promise<number> {
  const r = await db
    .delete(transactions)
    .where(
      and(
        eq(transactions.accountId, accountId),
        eq(transactions.source, "sync"),
        sql`CAST(COALESCE(json_extract(${transactions.metadata}, '$.block'), json_extract(${transactions.metadata}, '$.fromBlock')) AS INTEGER) >= ${Number(block)}`,
      ),
    );
  return r.meta.changes ?? 0;
}

export async function findTransaction(
  db: Db,
  accountId: string,
  txId: string,
): Promise<TransactionRow | undefined> {
  return db
    .select()
    .from(transactions)
    .where(and(eq(transactions.accountId, accountId), eq(transactions.txId, txId)))
    .get();
}

export interface TransactionFilter {
  accountId: string;
  types?: string[];
  /** matches either leg of a trade or the fee asset */
  asset?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** keyset: continue after this (timestamp, id), newest first */
  before?: PageKey | null;
}

/** Newest first, keyset-paged on (timestamp, id). */
export async function listTransactionRows(db: Db, f: TransactionFilter) {
  const conditions: SQL[] = [eq(transactions.accountId, f.accountId)];
  if (f.types?.length) {
    const typeConds = f.types.map((t) => eq(transactions.txType, t));
    conditions.push(typeConds.length === 1 ? (typeConds[0] as SQL) : (or(...typeConds) as SQL));
  }
  if (f.asset) {
    conditions.push(
      or(
        eq(transactions.asset, f.asset),
        eq(transactions.quoteAsset, f.asset),
        eq(transactions.feeAsset, f.asset),
      ) as SQL,
    );
  }
  if (f.from) conditions.push(gte(transactions.timestamp, f.from));
  if (f.to) conditions.push(lte(transactions.timestamp, f.to));
  if (f.before) {
    const at = new Date(f.before.t);
    conditions.push(
      or(
        lt(transactions.timestamp, at),
        and(eq(transactions.timestamp, at), lt(transactions.id, f.before.id)),
      ) as SQL,
    );
  }
  const rows = await db
    .select()
    .from(transactions)
    .where(and(...conditions))
    .orderBy(desc(transactions.timestamp), desc(transactions.id))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, (r) => ({ t: r.timestamp.getTime(), id: r.id }));
}

import { newId } from "@portfolio/core";
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { chunkRows, type Db } from "../client.js";
import { accounts } from "../schema/accounts.js";
import { portfolioSnapshots, type SnapshotHolding } from "../schema/portfolio-snapshots.js";
import { transactions } from "../schema/transactions.js";

export interface NewSnapshot {
  ownerId: string;
  timestamp: Date;
  value: string;
  baseCurrency: string;
  assetBreakdown: SnapshotHolding[];
  prices: Record<string, string>;
  unavailableAccounts: { accountId: string; reason: string }[];
  /** "live" unless given (see portfolioSnapshots.source) */
  source?: "live" | "rebuilt";
}

/** Idempotent per (owner, base, timestamp): a retried schedule writes one row. Returns true when written. */
export async function insertSnapshot(db: Db, s: NewSnapshot): Promise<boolean> {
  return (await insertSnapshots(db, [s])) > 0;
}

/** the columns of a snapshot row, for chunking a batch under D1's bound-parameter limit */
const SNAPSHOT_COLUMNS = 11;

/** Many snapshots in one batch (each idempotent as above); returns how many were written. */
export async function insertSnapshots(db: Db, rows: NewSnapshot[]): Promise<number> {
  const statements = insertStatements(db, rows);
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

/**
 * Replaces an owner's rebuilt points in `base` with `rows` in one batch (one transaction): a
 * failure half way leaves the old rebuilt history, never none. Returns the points written.
 */
export async function replaceRebuiltSnapshots(
  db: Db,
  owner: string,
  base: string,
  rows: NewSnapshot[],
): Promise<number> {
  const remove = db
    .delete(portfolioSnapshots)
    .where(
      and(
        eq(portfolioSnapshots.ownerId, owner),
        eq(portfolioSnapshots.baseCurrency, base),
        eq(portfolioSnapshots.source, "rebuilt"),
      ),
    );
  const results = await db.batch([remove, ...insertStatements(db, rows)]);
  return results.slice(1).reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

function insertStatements(db: Db, rows: NewSnapshot[]) {
  const now = new Date();
  return chunkRows(
    rows.map((s) => ({ id: newId("snap"), ...s, insertedAt: now, updatedAt: now })),
    SNAPSHOT_COLUMNS,
  ).map((chunk) =>
    db
      .insert(portfolioSnapshots)
      .values(chunk)
      .onConflictDoNothing({
        target: [
          portfolioSnapshots.ownerId,
          portfolioSnapshots.baseCurrency,
          portfolioSnapshots.timestamp,
        ],
      }),
  );
}

export async function listSnapshots(db: Db, owner: string, from: Date, to: Date) {
  return db
    .select()
    .from(portfolioSnapshots)
    .where(
      and(
        eq(portfolioSnapshots.ownerId, owner),
        gte(portfolioSnapshots.timestamp, from),
        lte(portfolioSnapshots.timestamp, to),
      ),
    )
    .orderBy(asc(portfolioSnapshots.timestamp));
}

export async function firstSnapshotTime(db: Db, owner: string): Promise<Date | null> {
  const row = await db
    .select({ t: portfolioSnapshots.timestamp })
    .from(portfolioSnapshots)
    .where(eq(portfolioSnapshots.ownerId, owner))
    .orderBy(asc(portfolioSnapshots.timestamp))
    .limit(1)
    .get();
  return row?.t ?? null;
}

/** The owner's deposits, withdrawals and transfers in a time range, for external-flow detection. */
export async function listFlowTransactions(db: Db, owner: string, from: Date, to: Date) {
  return db
    .select({
      accountId: transactions.accountId,
      txId: transactions.txId,
      txType: transactions.txType,
      asset: transactions.asset,
      amount: transactions.amount,
      timestamp: transactions.timestamp,
      metadata: transactions.metadata,
    })
    .from(transactions)
    .innerJoin(accounts, eq(accounts.id, transactions.accountId))
    .where(
      and(
        eq(accounts.ownerId, owner),
        inArray(transactions.txType, ["deposit", "withdrawal", "transfer_in", "transfer_out"]),
        // a fill its owner voided moved nothing; one the platform's own row shows is that row
        sql`coalesce(json_extract(${transactions.metadata}, '$.void'), 0) = 0`,
        sql`json_extract(${transactions.metadata}, '$.shownAs') IS NULL`,
        gte(transactions.timestamp, from),
        lte(transactions.timestamp, to),
      ),
    )
    .orderBy(asc(transactions.timestamp));
}

/** Drops an owner's rebuilt points, before they are rebuilt (late history changed the past). */
/**
 * The moments (epoch ms) at which an owner has a complete live snapshot in `base` (a partial
 * one, which left an account out, is no point of the value history: its time is rebuilt).
 */
export async function liveSnapshotTimes(db: Db, owner: string, base: string): Promise<number[]> {
  const rows = await db
    .select({ t: portfolioSnapshots.timestamp })
    .from(portfolioSnapshots)
    .where(
      and(
        eq(portfolioSnapshots.ownerId, owner),
        eq(portfolioSnapshots.baseCurrency, base),
        eq(portfolioSnapshots.source, "live"),
        sql`json_array_length(${portfolioSnapshots.unavailableAccounts}) = 0`,
      ),
    );
  return rows.map((r) => r.t.getTime());
}

/**
 * Every balance-moving row of an owner's active accounts, oldest first, as the ledger replay
 * reads them: a voided fill moved nothing, and a fill the platform's own row shows is that row.
 */
export async function listLedgerRows(db: Db, owner: string) {
  return db
    .select({
      accountId: transactions.accountId,
      txId: transactions.txId,
      txType: transactions.txType,
      asset: transactions.asset,
      amount: transactions.amount,
      quoteAsset: transactions.quoteAsset,
      quoteAmount: transactions.quoteAmount,
      fee: transactions.fee,
      feeAsset: transactions.feeAsset,
      timestamp: transactions.timestamp,
      metadata: transactions.metadata,
    })
    .from(transactions)
    .innerJoin(accounts, eq(accounts.id, transactions.accountId))
    .where(
      and(
        eq(accounts.ownerId, owner),
        eq(accounts.active, true),
        sql`coalesce(json_extract(${transactions.metadata}, '$.void'), 0) = 0`,
        sql`json_extract(${transactions.metadata}, '$.shownAs') IS NULL`,
      ),
    )
    .orderBy(asc(transactions.timestamp));
}

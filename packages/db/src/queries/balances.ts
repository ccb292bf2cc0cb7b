import { newId } from "@portfolio/core";
import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { chunkRows, type Db } from "../client.js";
import { balances } from "../schema/balances.js";
import { type PageKey, toPage } from "./page-cursor.js";

export interface BalanceSnapshotInput {
  asset: string;
  free: string;
  locked: string;
  amount: string;
}

const BALANCE_COLUMNS = 9;

/**
 * Appends balance history for one sync. Idempotent on (account, asset, syncedAt), so an alarm
 * that runs twice for the same sync writes the history once.
 */
export async function insertBalanceHistory(
  db: Db,
  accountId: string,
  syncedAt: Date,
  rows: BalanceSnapshotInput[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((b) => ({
    id: newId("bal"),
    accountId,
    asset: b.asset,
    amount: b.amount,
    free: b.free,
    locked: b.locked,
    syncedAt,
    insertedAt: syncedAt,
    updatedAt: syncedAt,
  }));
  const [first, ...rest] = chunkRows(values, BALANCE_COLUMNS).map((chunk) =>
    db.insert(balances).values(chunk).onConflictDoNothing(),
  );
  if (first) await db.batch([first, ...rest]);
}

export interface BalanceHistoryFilter {
  accountId: string;
  asset?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** keyset: continue after this (syncedAt, id), newest first */
  before?: PageKey | null;
}

/** An account's balance history (a row per asset whose balance a sync saw change), newest first, keyset-paged on (syncedAt, id). */
export async function listBalanceHistory(db: Db, f: BalanceHistoryFilter) {
  const conditions: SQL[] = [eq(balances.accountId, f.accountId)];
  if (f.asset) conditions.push(eq(balances.asset, f.asset));
  if (f.from) conditions.push(gte(balances.syncedAt, f.from));
  if (f.to) conditions.push(lte(balances.syncedAt, f.to));
  if (f.before) {
    const at = new Date(f.before.t);
    conditions.push(
      or(
        lt(balances.syncedAt, at),
        and(eq(balances.syncedAt, at), lt(balances.id, f.before.id)),
      ) as SQL,
    );
  }
  const rows = await db
    .select()
    .from(balances)
    .where(and(...conditions))
    .orderBy(desc(balances.syncedAt), desc(balances.id))
    .limit(f.limit + 1);
  return toPage(rows, f.limit, (r) => ({ t: r.syncedAt.getTime(), id: r.id }));
}

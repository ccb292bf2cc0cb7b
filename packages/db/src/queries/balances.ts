import { newId } from "@portfolio/core";
import { chunkRows, type Db } from "../client.js";
import { balances } from "../schema/balances.js";

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
    available: b.free,
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

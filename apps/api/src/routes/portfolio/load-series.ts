import { externalFlows, rebaseSnapshot, type SnapshotPoint } from "@portfolio/core";
import { type Db, listFlowTransactions, listSnapshots } from "@portfolio/db";

const WEEK_MS = 7 * 86_400_000;

/**
 * An owner's snapshots in [from, to] re-expressed in `base` (with a week before `from`, so flows
 * on the first days find prices), and the external flows in [from, to]. A partial snapshot (an
 * account could not answer) is left out: its lower value would read as a loss.
 */
export async function loadSeriesInputs(
  db: Db,
  owner: string,
  base: string,
  snapshotBase: string,
  from: Date,
  to: Date,
) {
  const rows = await listSnapshots(db, owner, new Date(from.getTime() - WEEK_MS), to);
  const snapshots = rows
    .filter((r) => r.baseCurrency === snapshotBase && r.unavailableAccounts.length === 0)
    .map((r) =>
      rebaseSnapshot(
        { timestamp: r.timestamp.getTime(), value: r.value, prices: r.prices },
        snapshotBase,
        base,
      ),
    )
    .filter((s): s is SnapshotPoint => s !== null);
  const txs = await listFlowTransactions(db, owner, from, to);
  const { flows, internalTransfers } = externalFlows(
    txs.map((t) => ({ ...t, timestamp: t.timestamp.getTime() })),
  );
  return {
    snapshots,
    flows,
    internalTransfers,
    latest: rows.at(-1) ?? null,
    unvaluedSnapshots: rows.length - snapshots.length,
  };
}

import type { LiveUpdate } from "@portfolio/adapters";
import { Dec, formatAmount } from "@portfolio/core";
import { type Db, insertBalanceHistory } from "@portfolio/db";
import type { AccountStore } from "../storage/account-store.js";
import { storeHistoryRows } from "../sync/run-sync.js";

export interface LiveApplied {
  /** history rows the stream showed that D1 did not hold yet */
  stored: number;
  /** the account's balances changed (a new version) */
  balancesMoved: boolean;
  /** the stream saw money move in a way only a sync can explain */
  syncWanted: string | null;
}

/**
 * Applies a live message's updates in order, as a sync would apply the same facts: history
 * rows go to D1 first (a trade the REST sync reads later is the same row and stored once), and
 * the fills they show are seen; then the balances the stream names, with their balance history,
 * each asset's free being the platform's plus the recorded fills it has not shown yet.
 */
export async function applyLive(
  d: { store: AccountStore; db: Db; accountId: string; now: () => number },
  updates: LiveUpdate[],
): Promise<LiveApplied> {
  const out: LiveApplied = { stored: 0, balancesMoved: false, syncWanted: null };
  for (const u of updates) {
    if (u.type === "transactions") {
      out.stored += await storeHistoryRows(d, u.transactions, new Date(d.now()));
    } else if (u.type === "balances") {
      const at = d.now();
      const changed = d.store.balances.platformChanges(u.balances);
      if (changed.length === 0) continue;
      await insertBalanceHistory(
        d.db,
        d.accountId,
        new Date(at),
        changed.map((b) => ({ ...b, amount: formatAmount(new Dec(b.free).add(b.locked)) })),
      );
      // read the unseen fills and write in one step, nothing awaited between
      d.store.atomically(() => {
        if (d.store.balances.applyPlatformAssets(changed, d.store.fills.unseenDeltas(), at))
          out.balancesMoved = true;
      });
    } else if (u.type === "moved") {
      out.syncWanted = u.reason;
    }
  }
  return out;
}

import type { LiveUpdate } from "@portfolio/adapters";
import type { AccountWiring } from "../account/wiring.js";
import { balancesChanged } from "../events/build-events.js";
import { type SyncSoonDeps, syncSoon } from "../schedule/sync-soon.js";
import { applyLive } from "./apply-live.js";

export type LiveUpdateDeps = SyncSoonDeps & Pick<AccountWiring, "db" | "outbox" | "stream">;

/**
 * What the feed pushed, applied as a sync would; bots and webhooks hear of the balances it
 * moved. What only a sync can explain (a deposit, a transfer) moves the next sync to now.
 */
export async function onLiveUpdates(d: LiveUpdateDeps, updates: LiveUpdate[]): Promise<void> {
  const account = d.store.account();
  if (!account?.active || d.memory.closing) return;
  const r = await applyLive(
    {
      store: d.store,
      db: d.db(),
      accountId: account.id,
      now: () => Date.now(),
    },
    updates,
  );
  if (r.stored > 0 || r.balancesMoved) d.outbox.kick();
  if (r.balancesMoved) {
    const now = d.now();
    d.store.outbox.append("event", balancesChanged(account, d.store, now), now);
    d.outbox.kick();
    d.stream.publish(() => [balancesChanged(account, d.store, now)]);
  }
  if (r.syncWanted !== null) await syncSoon(d);
}

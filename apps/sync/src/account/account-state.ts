import { balancesChanged, syncStateEvent } from "../events/build-events.js";
import type { AccountView } from "../rpc-types.js";
import { SYNC_JOB } from "../schedule/sync-job.js";
import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import type { StreamState } from "../stream/stream-messages.js";
import {
  FAILED_MOVEMENTS,
  IGNORED_ASSETS,
  TRANSACTIONS_STREAM,
  UNEXPLAINED_ASSETS,
} from "../sync/run-sync.js";
import { accountView, type Freshness, isStale, syncStatus } from "./views.js";
import type { AccountWiring } from "./wiring.js";

/** A sync has read the account's whole history (see sync/scheduled-sync.ts). */
export function historyComplete(store: AccountStore): boolean {
  return store.cursor(`${TRANSACTIONS_STREAM}:complete`) === "true";
}

/** How current the balances are: live while the feed is, else as of the last successful sync. */
export function freshness(
  d: Pick<AccountWiring, "store" | "live">,
  account: AccountRecord,
  now: number,
): Freshness & { asOf: number | null } {
  const job = d.store.job(SYNC_JOB);
  const lastSuccess = job?.lastSuccessAt ?? null;
  if (d.live.isLive()) return { live: true, stale: false, asOf: now, lastSuccess };
  return {
    live: false,
    stale: isStale(job, account.syncIntervalMs, now),
    asOf: lastSuccess,
    lastSuccess,
  };
}

/** The account as its owner sees it: its settings, its sync state and its feed. */
export function viewAccount(
  d: Pick<AccountWiring, "store" | "live" | "memory">,
  account: AccountRecord,
): AccountView {
  return accountView(
    account,
    syncStatus(d.store.job(SYNC_JOB), d.memory.inflight !== null, historyComplete(d.store)),
    d.store.cursor(IGNORED_ASSETS),
    d.store.cursor(UNEXPLAINED_ASSETS),
    d.store.cursor(FAILED_MOVEMENTS),
    d.live.view(),
  );
}

/** The state a bot's new subscription starts from, which the events then change. */
export function streamState(
  d: Pick<AccountWiring, "store" | "live" | "memory" | "now">,
  account: AccountRecord,
): StreamState {
  const now = d.now();
  return {
    balances: balancesChanged(account, d.store, now),
    sync: syncStateEvent(account.id, viewAccount(d, account).sync, now),
    now,
  };
}

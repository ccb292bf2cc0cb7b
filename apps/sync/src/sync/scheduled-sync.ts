import { historyComplete } from "../account/account-state.js";
import { adapterFor, saveLimits } from "../account/adapter-slot.js";
import { syncStatus } from "../account/views.js";
import type { AccountWiring } from "../account/wiring.js";
import type { AccountEvent } from "../events/account-event.js";
import { balancesChanged, syncStateEvent } from "../events/build-events.js";
import { afterFailure, afterSuccess, quietInterval, SYNC_JOB } from "../schedule/sync-job.js";
import { rebuildBehind } from "../snapshots/rebuild-behind.js";
import type { AccountRecord } from "../storage/account-store.js";
import { runSync, type SyncOutcome, TRANSACTIONS_STREAM } from "./run-sync.js";
import { storeRules } from "./store-rules.js";

export type ScheduledSyncDeps = Pick<
  AccountWiring,
  | "store"
  | "db"
  | "now"
  | "live"
  | "stream"
  | "outbox"
  | "quiet"
  | "rules"
  | "credentialsKey"
  | "heldAdapter"
  | "holdAdapter"
  | "memory"
  | "rearm"
  | "waitUntil"
  | "prices"
  | "snapshotBase"
  | "autoRebuild"
>;

/** Runs a sync of the account, or joins the one already running. */
export function syncOnce(d: ScheduledSyncDeps, account: AccountRecord): Promise<SyncOutcome> {
  d.memory.inflight ??= runAndSchedule(d, account).finally(() => {
    d.memory.inflight = null;
  });
  return d.memory.inflight;
}

/**
 * One sync of the account (see run-sync.ts) and what follows it: the trading rules stored once
 * a day, the platform's limits kept, the feed told its gap is filled, the sync job scheduled
 * after the outcome (a quiet wallet later, a rerun asked for meanwhile at once), and bots and
 * webhooks told of what changed. A storage failure is an outcome too: retryable.
 */
export async function runAndSchedule(
  d: ScheduledSyncDeps,
  account: AccountRecord,
): Promise<SyncOutcome> {
  const startedAt = d.now();
  const versionBefore = d.store.balances.snapshot().version;
  const settledBefore = syncStatus(d.store.job(SYNC_JOB), false, historyComplete(d.store));
  // this run is under way (the caller records it as in flight only once this returns)
  d.stream.publish(() => [
    syncStateEvent(
      account.id,
      syncStatus(d.store.job(SYNC_JOB), true, historyComplete(d.store)),
      d.now(),
    ),
  ]);
  let outcome: SyncOutcome;
  try {
    const adapter = await adapterFor(d, account);
    try {
      outcome = await runSync({
        adapter,
        store: d.store,
        db: d.db(),
        accountId: account.id,
        baseCurrency: account.baseCurrency,
        now: () => Date.now(),
      });
      if (outcome.ok && outcome.historyComplete) await storeRules(d, adapter);
    } finally {
      if (!d.memory.closing) saveLimits(d, adapter);
    }
  } catch (cause) {
    outcome = {
      ok: false,
      transactionsStored: 0,
      error: {
        kind: "unavailable",
        retryable: true,
        message: `storage failure: ${String(cause)}`,
        cause,
      },
    };
  }
  const job = d.store.job(SYNC_JOB);
  if (outcome.ok && outcome.historyComplete && !d.memory.closing) {
    // a sync that began after the feed's subscription read whatever it may have missed
    d.live.synced(startedAt);
    if (d.store.account()?.active) void d.live.ensure();
    // the ledger is complete and grew (or a reorganised chain took rows back): the owner's
    // past is rebuilt with it, behind the answer
    if (outcome.transactionsStored > 0 || (outcome.transactionsRemoved ?? 0) > 0)
      rebuildBehind(d, account.owner);
  }
  if (job) {
    const now = d.now();
    if (outcome.ok) {
      if (outcome.historyComplete)
        d.store.setCursor(`${TRANSACTIONS_STREAM}:complete`, "true", now);
      // the interval as it is now: a PATCH during the run counts
      const interval = d.store.account()?.syncIntervalMs ?? account.syncIntervalMs;
      d.store.saveJob(
        afterSuccess(
          job,
          now,
          quietInterval(interval, d.quiet.after(account, outcome, now)),
          outcome.historyComplete,
          outcome.resumeAfterMs,
        ),
      );
    } else {
      d.store.saveJob(afterFailure(job, now, outcome.error, Math.random()));
    }
    // deactivated while it ran: it stays unscheduled
    const settledJob = d.store.job(SYNC_JOB);
    if (settledJob && d.store.account()?.active === false)
      d.store.saveJob({ ...settledJob, nextRunAt: null });
    const after = d.store.job(SYNC_JOB);
    if (d.memory.rerun && after?.state === "scheduled" && after.nextRunAt !== null)
      d.store.saveJob({ ...after, nextRunAt: Math.min(after.nextRunAt, now) });
    d.memory.rerun = false;
  }
  const after = d.now();
  const settled = syncStatus(d.store.job(SYNC_JOB), false, historyComplete(d.store));
  if (
    settled.state !== settledBefore.state ||
    settled.historyComplete !== settledBefore.historyComplete
  ) {
    // the owner's webhooks hear of a change of state (caught up, backing off, needing a
    // person), not of every run
    d.store.outbox.append("event", syncStateEvent(account.id, settled, after), after);
    d.outbox.kick();
  }
  const balancesMoved = d.store.balances.snapshot().version !== versionBefore;
  if (balancesMoved && d.store.account()) {
    // what the platform moved (a deposit, a trade made elsewhere) reaches the webhooks too,
    // with an id per version, so it is delivered once
    d.store.outbox.append("event", balancesChanged(account, d.store, after), after);
    d.outbox.kick();
  }
  d.stream.publish(() => {
    const events: AccountEvent[] = [];
    if (balancesMoved) events.push(balancesChanged(account, d.store, after));
    // the run is over: the state as it reads once this promise settles
    events.push(syncStateEvent(account.id, settled, after));
    return events;
  });
  console.log(
    JSON.stringify({
      event: "sync",
      accountId: account.id,
      ok: outcome.ok,
      transactionsStored: outcome.transactionsStored,
      ...(outcome.ok
        ? { pagesRead: outcome.pagesRead }
        : { error: { kind: outcome.error.kind, message: outcome.error.message } }),
    }),
  );
  await d.rearm();
  return outcome;
}

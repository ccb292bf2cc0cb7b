import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import type { SyncOutcome } from "../sync/run-sync.js";
import { SYNC_JOB } from "./sync-job.js";

/** syncs in a row that found nothing new (see quietInterval) */
const QUIET_RUNS = "sync:quiet";

/**
 * The quiet runs of a wallet account: the syncs in a row that found nothing new, which space its
 * syncs out (see quietInterval), and the fill that brings them closer again.
 */
export class QuietRuns {
  /** the quiet-run count, read from storage once per object (kept in step after that) */
  private quietCount: number | null = null;

  constructor(private readonly store: AccountStore) {}

  /** The account's storage was cleared (deleted): the count is read again if it comes back. */
  forget(): void {
    this.quietCount = null;
  }

  /**
   * How many syncs in a row found nothing new, this one included, for a wallet account (`dex`):
   * its balances move only with on-chain activity, which its webhook announces, so a quiet
   * wallet is synced less often (see quietInterval). Other accounts always count 0.
   */
  after(account: AccountRecord, outcome: SyncOutcome, now: number): number {
    const quiet =
      account.type === "dex" &&
      outcome.ok &&
      outcome.historyComplete &&
      outcome.transactionsStored === 0 &&
      outcome.balancesChanged === 0;
    const runs = quiet ? this.quietSoFar() + 1 : 0;
    this.store.setCursor(QUIET_RUNS, String(runs), now);
    this.quietCount = runs;
    return runs;
  }

  private quietSoFar(): number {
    this.quietCount ??= Number(this.store.cursor(QUIET_RUNS) ?? "0");
    return this.quietCount;
  }

  /**
   * A bot recorded a fill on a quiet wallet: its trade is about to show on chain, so the next
   * sync is one interval away again. True when the schedule moved (the alarm must follow).
   */
  wake(account: AccountRecord, now: number): boolean {
    // a fill on the hot path: no storage read once the count is known
    if (account.type !== "dex" || this.quietSoFar() === 0) return false;
    this.store.setCursor(QUIET_RUNS, "0", now);
    this.quietCount = 0;
    const job = this.store.job(SYNC_JOB);
    if (job?.state !== "scheduled" || job.nextRunAt === null) return false;
    const next = Math.min(job.nextRunAt, now + account.syncIntervalMs);
    if (next === job.nextRunAt) return false;
    this.store.saveJob({ ...job, nextRunAt: next });
    return true;
  }
}

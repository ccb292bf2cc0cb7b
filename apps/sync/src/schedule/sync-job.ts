import type { AdapterError } from "@portfolio/adapters";
import { backoffDelay } from "@portfolio/core";
import type { JobRecord } from "../storage/account-store.js";

export const SYNC_JOB = "sync";

export function newSyncJob(firstRunAt: number): JobRecord {
  return {
    name: SYNC_JOB,
    nextRunAt: firstRunAt,
    attempts: 0,
    lastRunAt: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    state: "scheduled",
  };
}

/** How soon a run continues a history that is still catching up. */
export const CATCH_UP_DELAY_MS = 100;

/** The longest a quiet account waits between syncs (unless its own interval is longer). */
export const QUIET_MAX_INTERVAL_MS = 10 * 60_000;

/**
 * The wait after `quietRuns` syncs in a row that found nothing new: the account's interval,
 * doubled for each, up to {@link QUIET_MAX_INTERVAL_MS} (never below the interval). A run that
 * finds something, a fill recorded through the API, a sync asked for and a webhook all start
 * it over at the interval.
 */
export function quietInterval(intervalMs: number, quietRuns: number): number {
  const cap = Math.max(intervalMs, QUIET_MAX_INTERVAL_MS);
  return Math.min(cap, intervalMs * 2 ** Math.min(quietRuns, 20));
}

/** After a successful run: next run one interval later, or soon when history is still catching up. */
export function afterSuccess(
  job: JobRecord,
  now: number,
  intervalMs: number,
  historyComplete: boolean,
  /** the run held back for the platform's weight window: resume when it reopens */
  resumeAfterMs?: number,
): JobRecord {
  return {
    ...job,
    state: "scheduled",
    attempts: 0,
    lastRunAt: now,
    lastSuccessAt: now,
    nextRunAt: now + (resumeAfterMs ?? (historyComplete ? intervalMs : CATCH_UP_DELAY_MS)),
  };
}

/**
 * After a failure: retryable errors back off with jitter (Retry-After as a floor); others stop
 * the schedule and mark the account as needing attention until someone asks for a sync.
 */
export function afterFailure(
  job: JobRecord,
  now: number,
  error: AdapterError,
  random: number,
): JobRecord {
  const lastError = { kind: error.kind, message: error.message, retryable: error.retryable };
  if (!error.retryable) {
    return {
      ...job,
      state: "needs_attention",
      attempts: job.attempts + 1,
      lastRunAt: now,
      lastErrorAt: now,
      lastError,
      nextRunAt: null,
    };
  }
  const attempts = job.attempts + 1;
  return {
    ...job,
    state: "backoff",
    attempts,
    lastRunAt: now,
    lastErrorAt: now,
    lastError,
    nextRunAt: now + backoffDelay(attempts, random, undefined, error.retryAfterMs ?? 0),
  };
}

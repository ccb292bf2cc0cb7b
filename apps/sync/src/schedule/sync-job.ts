import type { AdapterError } from "@portfolio/adapters";
import type { JobRecord } from "../storage/account-store.js";
import { backoffDelay } from "./backoff.js";

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

import type { AccountWiring } from "../account/wiring.js";
import { SYNC_JOB } from "./sync-job.js";

/** how long a webhook event id is remembered; providers redeliver within hours */
const WEBHOOK_MEMORY_MS = 7 * 86_400_000;

export type SyncSoonDeps = Pick<AccountWiring, "store" | "memory" | "rearm" | "now">;

/**
 * Moves the next sync to now (or asks the running one to run again), unless the account is
 * waiting out a backoff or a ban, or needs a person. True when a sync was scheduled.
 */
export async function syncSoon(d: SyncSoonDeps): Promise<boolean> {
  const job = d.store.job(SYNC_JOB);
  if (!d.store.account()?.active || d.memory.closing) return false;
  if (job?.state !== "scheduled" || job.nextRunAt === null) return false;
  const now = d.now();
  if (d.memory.inflight) d.memory.rerun = true;
  if (job.nextRunAt > now) d.store.saveJob({ ...job, nextRunAt: now });
  await d.rearm();
  return true;
}

/**
 * A platform's webhook said the account changed (see AccountDO.notify): the next sync moves to
 * now, once per event id. True when a sync was scheduled.
 */
export async function syncOnHint(d: SyncSoonDeps, eventId: string): Promise<boolean> {
  const now = d.now();
  if (!d.store.rememberEvent(eventId, now, WEBHOOK_MEMORY_MS)) return false;
  return syncSoon(d);
}

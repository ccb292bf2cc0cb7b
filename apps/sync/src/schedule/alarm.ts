import { type ScheduledSyncDeps, syncOnce } from "../sync/scheduled-sync.js";
import { SYNC_JOB } from "./sync-job.js";

/**
 * What the object's alarm does: expired holds go, the outbox is sent if it is due, the feed's
 * due reconnect or rollover starts, a due sync runs, and the alarm is set again.
 */
export async function onAlarm(d: ScheduledSyncDeps): Promise<void> {
  if (!d.store.registered || d.memory.closing) return;
  const now = d.now();
  d.store.atomically(() => d.store.reservations.purgeExpired(now));
  await d.outbox.runIfDue(now);
  // a delete may have begun while the outbox was sent: it owns the object now
  if (d.memory.closing) return;
  const account = d.store.account();
  const job = d.store.job(SYNC_JOB);
  if (account?.active) d.live.tick(d.now());
  if (account?.active && job?.nextRunAt != null && job.nextRunAt <= d.now())
    await syncOnce(d, account);
  if (!d.memory.closing) await d.rearm();
}

import type { LiveConnection } from "../live/live-connection.js";
import type { AccountStore } from "../storage/account-store.js";

/** How soon the alarm comes back for history still owed to D1 when nothing else is due sooner. */
const OUTBOX_BACKSTOP_MS = 60_000;

/**
 * When the object's alarm is due: the earliest due job or wait of the feed. History owed to D1
 * always has an alarm within {@link OUTBOX_BACKSTOP_MS}, even on an account whose syncs are
 * stopped.
 */
export function nextAlarm(
  store: AccountStore,
  feed: Pick<LiveConnection, "wakeAt">,
  now: () => number,
): number | null {
  let next = store.nextDue();
  const live = feed.wakeAt();
  if (live !== null && (next === null || live < next)) next = live;
  if (store.registered && store.outbox.pending() > 0) {
    const backstop = now() + OUTBOX_BACKSTOP_MS;
    if (next === null || next > backstop) next = backstop;
  }
  return next;
}

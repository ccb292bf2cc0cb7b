import type { Transaction } from "@portfolio/core";
import { type Db, type RecordedHistoryEntry, writeRecordedHistory } from "@portfolio/db";
import type { AccountEvent } from "../events/account-event.js";
import type { AccountStore } from "../storage/account-store.js";
import type { OutboxRecord } from "../storage/outbox-store.js";

export const OUTBOX_JOB = "outbox";
/** entries per D1 batch */
const BATCH = 50;

/** Where the owner's webhook endpoints get the account's events (the owner's webhook object). */
export type PublishEvents = (events: AccountEvent[]) => Promise<void>;

export interface OutboxSinks {
  db: Db;
  publish: PublishEvents;
  /** the balances as they are now, as an event whose id is stable for this version */
  balancesNow: () => AccountEvent | null;
  /** D1 took a change to the past (a voided fill): the owner's rebuilt history is redone */
  pastChanged?: () => void;
}

function historyEntry(accountId: string, e: OutboxRecord): RecordedHistoryEntry | null {
  if (e.kind === "transaction")
    return { kind: "transaction", transaction: e.payload as Transaction };
  if (e.kind === "void")
    return { kind: "void", accountId, txId: String(e.payload.txId), at: Number(e.payload.at) };
  if (e.kind === "shown")
    return { kind: "shown", accountId, txId: String(e.payload.txId), by: String(e.payload.by) };
  return null;
}

/**
 * The webhook event an entry stands for. Ids come from what the entry records (a fill's row
 * id), so a batch sent again after a failure delivers nothing twice.
 */
function eventsOf(e: OutboxRecord): AccountEvent[] {
  if (e.kind === "event") return [e.payload as AccountEvent];
  if (e.kind === "shown") return [];
  return [eventOf(e)];
}

function eventOf(e: OutboxRecord): AccountEvent {
  const at = new Date(e.createdAt).toISOString();
  if (e.kind === "transaction") {
    const transaction = e.payload as Transaction;
    const id = `evt_${transaction.id.slice("tx_".length)}`;
    return { id, type: "fill.recorded", accountId: transaction.accountId, at, transaction };
  }
  const transaction = e.payload.transaction as Transaction;
  const id = `evt_${transaction.id.slice("tx_".length)}v`;
  return { id, type: "fill.voided", accountId: transaction.accountId, at, transaction };
}

/**
 * Sends what the object owes D1 and the owner's webhooks, oldest first, a batch at a time: the
 * history rows to D1, then the batch's events (with the balances they left) to the owner's
 * webhook object. A batch is deleted from the outbox only after both took it, so a failure or an
 * eviction half way loses nothing, and a batch sent twice changes nothing (inserts skip rows
 * already there; events are taken once by id). Returns how many entries were sent; throws what
 * D1 or the webhook object threw, leaving the rest queued.
 */
export async function drainOutbox(
  store: AccountStore,
  sinks: OutboxSinks,
  accountId: string,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = store.outbox.oldest(BATCH);
    const last = batch.at(-1);
    if (!last) return sent;
    const history = batch.flatMap((e) => historyEntry(accountId, e) ?? []);
    if (history.length) await writeRecordedHistory(sinks.db, history);
    if (batch.some((e) => e.kind === "void")) sinks.pastChanged?.();
    const events = batch.flatMap(eventsOf);
    const moved = batch.some((e) => e.kind === "transaction" || e.kind === "void");
    const balances = moved ? sinks.balancesNow() : null;
    if (balances) events.push(balances);
    if (events.length) await sinks.publish(events);
    store.outbox.ack(last.seq, batch.length);
    sent += batch.length;
  }
}

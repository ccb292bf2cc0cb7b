import type { Transaction } from "@portfolio/core";
import { type Db, type RecordedHistoryEntry, writeRecordedHistory } from "@portfolio/db";
import type { AccountStore } from "../storage/account-store.js";
import type { OutboxRecord } from "../storage/outbox-store.js";

export const OUTBOX_JOB = "outbox";
/** entries per D1 batch */
const BATCH = 50;

function entryOf(accountId: string, e: OutboxRecord): RecordedHistoryEntry {
  if (e.kind === "transaction")
    return { kind: "transaction", transaction: e.payload as Transaction };
  return { kind: "void", accountId, txId: String(e.payload.txId), at: Number(e.payload.at) };
}

/**
 * Sends what the object owes D1, oldest first, a batch at a time; each batch is deleted from the
 * outbox only after D1 has it, so a failure or an eviction half way loses nothing, and a batch
 * sent twice changes nothing (inserts skip rows already there). Returns how many were sent;
 * throws what D1 threw, leaving the rest queued.
 */
export async function drainOutbox(store: AccountStore, db: Db, accountId: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = store.outbox.oldest(BATCH);
    const last = batch.at(-1);
    if (!last) return sent;
    await writeRecordedHistory(
      db,
      batch.map((e) => entryOf(accountId, e)),
    );
    store.outbox.ack(last.seq);
    sent += batch.length;
  }
}

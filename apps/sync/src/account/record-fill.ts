import {
  balanceEffects,
  Dec,
  type FillInput,
  formatAmount,
  isoTime,
  newId,
  type Transaction,
} from "@portfolio/core";
import type { RecordedTransaction, RpcResult } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";
import { type FillRecord, keysOf } from "../storage/fill-store.js";

const SAME_FIELDS = [
  "txType",
  "asset",
  "amount",
  "price",
  "quoteAsset",
  "quoteAmount",
  "fee",
  "feeAsset",
] as const;

/** The transaction row a fill stands for, as D1 and the API show it. */
export function fillTransaction(accountId: string, f: FillRecord): Transaction {
  const tx = f.tx as FillInput;
  const at = isoTime(f.recordedAt);
  const metadata = f.state === "void" ? { ...tx.metadata, void: true } : tx.metadata;
  const updatedAt = f.voidedAt === null ? at : isoTime(f.voidedAt);
  return { ...tx, metadata, id: f.rowId, accountId, insertedAt: at, updatedAt };
}

const idOf = (v: unknown) =>
  typeof v === "string" || typeof v === "number" ? String(v).slice(0, 200) : null;

/**
 * Records a fill a bot reports, in one storage transaction of the account's object: the fill is
 * kept (so a sync cannot undo it before the platform shows the same trade), the balances move
 * and their version rises, a hold named by `metadata.reservationId` shrinks by what the fill
 * spent, and the row is queued for D1. The answer waits for none of D1.
 *
 * Idempotent by txId: the same content again answers the stored record and changes nothing;
 * other content under the same txId is a conflict.
 */
export function recordFill(
  store: AccountStore,
  accountId: string,
  input: FillInput,
  now: number,
): RpcResult<RecordedTransaction> {
  const existing = store.fills.get(input.txId);
  if (existing) {
    const stored = existing.tx as FillInput;
    const differs =
      SAME_FIELDS.some((f) => stored[f] !== input[f]) ||
      Date.parse(stored.timestamp) !== Date.parse(input.timestamp);
    const transaction = fillTransaction(accountId, existing);
    return differs
      ? {
          ok: false,
          error: {
            code: "CONFLICT",
            message: `txId ${input.txId} was already recorded with different content`,
            details: { stored: transaction },
          },
        }
      : { ok: true, value: { created: false, transaction } };
  }
  const effects = balanceEffects(input);
  const tradeId = idOf(input.metadata.tradeId);
  const orderId = idOf(input.metadata.orderId);
  // reported after a sync already read the trade: the platform's balances hold it, so it is
  // recorded as seen and moves nothing
  const shownBy = store.fills.shownAs(
    keysOf({ txId: input.txId, asset: input.asset, tradeId, orderId: null }),
  );
  const row: FillRecord = {
    txId: input.txId,
    rowId: newId("tx"),
    tx: input,
    deltas: Object.fromEntries([...effects].map(([a, d]) => [a, formatAmount(d)])),
    tradeId,
    orderId,
    state: shownBy === null ? "unseen" : "seen",
    recordedAt: now,
    bookedAt: Math.max(now, Date.parse(input.timestamp)),
    voidedAt: null,
  };
  const transaction = fillTransaction(accountId, row);
  store.atomically(() => {
    store.fills.insert(row);
    if (shownBy === null) store.balances.applyDeltas(effects, now);
    const reservationId = input.metadata.reservationId;
    const shrank =
      typeof reservationId === "string" && spendHold(store, reservationId, effects, now);
    // a hold that shrinks changes what is available: the version rises with it (applyDeltas
    // raised it already unless the fill moved nothing)
    if (shrank && shownBy !== null) store.balances.touch();
    store.outbox.append("transaction", transaction, now);
    if (shownBy !== null && shownBy !== input.txId)
      store.outbox.append("shown", { txId: input.txId, by: shownBy }, now);
  });
  return { ok: true, value: { created: true, transaction } };
}

/**
 * A fill placed under a hold: the hold shrinks by what the fill spent of its asset and keeps the
 * rest until it expires or is released; a hold fully spent is gone.
 */
function spendHold(
  store: AccountStore,
  reservationId: string,
  effects: ReadonlyMap<string, Dec>,
  now: number,
): boolean {
  const hold = store.reservations.get(reservationId, now);
  if (!hold) return false;
  const spent = Dec.max((effects.get(hold.asset) ?? new Dec(0)).neg(), 0);
  const left = new Dec(hold.amount).sub(spent);
  if (spent.isZero()) return false;
  if (left.lte(0)) store.reservations.delete(hold.id);
  else store.reservations.setAmount(hold.id, formatAmount(left));
  return true;
}

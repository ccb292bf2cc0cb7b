import { balanceEffects, type TransactionInput } from "@portfolio/core";
import {
  type Db,
  findTransaction,
  insertTransactions,
  toTransaction,
  toTransactionRow,
} from "@portfolio/db";
import type { RecordedTransaction, RpcResult } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";

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

/**
 * Records a fill a bot reports. Idempotent by tx_id: the first call stores it and moves the
 * object's balances; a repeat with the same content answers the stored record and changes
 * nothing; a repeat with different content is a conflict (the stored record is in details).
 */
export async function recordTransaction(
  store: AccountStore,
  db: Db,
  accountId: string,
  input: TransactionInput,
  now: number,
): Promise<RpcResult<RecordedTransaction>> {
  const inserted = await insertTransactions(db, [
    toTransactionRow(accountId, input, "api", new Date(now)),
  ]);
  const row = await findTransaction(db, accountId, input.txId);
  if (!row) throw new Error(`transaction ${input.txId} missing after insert`);
  const stored = toTransaction(row);
  if (inserted === 0) {
    const differs =
      SAME_FIELDS.some((f) => stored[f] !== input[f]) ||
      Date.parse(stored.timestamp) !== Date.parse(input.timestamp);
    return differs
      ? {
          ok: false,
          error: {
            code: "CONFLICT",
            message: `txId ${input.txId} was already recorded with different content`,
            details: { stored },
          },
        }
      : { ok: true, value: { created: false, transaction: stored } };
  }
  store.applyToFree(balanceEffects(input), now);
  // A fill that names the reservation it was placed under consumes it in the same step.
  const reservationId = input.metadata.reservationId;
  if (typeof reservationId === "string") store.deleteReservation(reservationId, now);
  return { ok: true, value: { created: true, transaction: stored } };
}

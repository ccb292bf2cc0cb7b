import { Dec } from "@portfolio/core";
import type { RpcResult, VoidedTransaction } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";
import type { FillRecord } from "../storage/fill-store.js";
import { fillTransaction } from "./record-fill.js";

/**
 * Takes back a fill a bot recorded, in one storage transaction: its balance effect is reversed
 * (the version rises), the fill is kept marked void, and the void is queued for D1 (the row gets
 * `metadata.void = true`, which histories and metrics leave out; the owner's webhooks get
 * `fill.voided`). Idempotent: a void fill answers itself again, changing nothing.
 *
 * Only fills in the object's `fills` table qualify (NOT_FOUND otherwise: the caller tells a
 * platform's row from nothing). A fill the platform has already shown (`seen`) can only be
 * voided where we keep the platform's ledger (`keepsLedger`: simulated, manual), whose history
 * then reverses it; on an exchange or a chain the trade is real and stays.
 */
export function voidFill(
  store: AccountStore,
  accountId: string,
  txId: string,
  now: number,
  keepsLedger: boolean,
): RpcResult<VoidedTransaction> {
  const fill = store.fills.get(txId);
  if (!fill)
    return { ok: false, error: { code: "NOT_FOUND", message: `no recorded fill ${txId}` } };
  if (fill.state === "void")
    return { ok: true, value: { voided: false, transaction: fillTransaction(accountId, fill) } };
  if (fill.state === "seen" && !keepsLedger)
    return {
      ok: false,
      error: {
        code: "CONFLICT",
        message: `fill ${txId} is already in the platform's own history: the trade happened there and cannot be voided here`,
        details: { reason: "SHOWN_BY_PLATFORM", txId },
      },
    };
  const reversal = new Map(
    Object.entries(fill.deltas).map(([asset, d]) => [asset, new Dec(d).neg()]),
  );
  // a fill booked ahead (dated up to a day on) is reversed no earlier than it was booked
  const voided: FillRecord = { ...fill, state: "void", voidedAt: Math.max(now, fill.bookedAt) };
  const transaction = fillTransaction(accountId, voided);
  store.atomically(() => {
    store.balances.applyDeltas(reversal, now);
    store.fills.markVoid(txId, voided.voidedAt ?? now);
    store.outbox.append("void", { txId, at: now, transaction }, now);
  });
  return { ok: true, value: { voided: true, transaction } };
}

import { Dec, decideReservation, formatAmount, newId, parseAmount } from "@portfolio/core";
import type { ReservationInput, ReservationView, RpcResult } from "../rpc-types.js";
import type { AccountStore, ReservationRecord } from "../storage/account-store.js";
import { heldReservations } from "./views.js";

export function reservationView(accountId: string, r: ReservationRecord): ReservationView {
  return {
    id: r.id,
    accountId,
    asset: r.asset,
    amount: r.amount,
    ref: r.ref,
    createdAt: new Date(r.createdAt).toISOString(),
    expiresAt: new Date(r.expiresAt).toISOString(),
  };
}

/**
 * Holds funds for a pending order. Runs as one synchronous step inside the account's object
 * (no await between reading what is held and writing the new hold), so two bots racing for
 * the same funds are served one after the other and the second sees the first's hold.
 */
export function reserveFunds(
  store: AccountStore,
  accountId: string,
  input: ReservationInput,
  now: number,
): RpcResult<ReservationView> {
  const amount = parseAmount(input.amount);
  const free = new Dec(store.balances().find((b) => b.asset === input.asset)?.free ?? "0");
  const decision = decideReservation(free, heldReservations(store, now), input.asset, amount);
  if (!decision.ok) {
    return {
      ok: false,
      error: {
        code: decision.code === "INSUFFICIENT_FUNDS" ? "CONFLICT" : "INVALID_INPUT",
        message: decision.message,
        details: {
          reason: decision.code,
          asset: input.asset,
          requested: formatAmount(amount),
          available: decision.available,
        },
      },
    };
  }
  const row: ReservationRecord = {
    id: newId("rsv"),
    asset: input.asset,
    amount: formatAmount(amount),
    ref: input.ref ?? null,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
  };
  store.insertReservation(row);
  return { ok: true, value: reservationView(accountId, row) };
}

import { Dec, decideReservation, formatAmount, isoTime, newId, parseAmount } from "@portfolio/core";
import type { ReservationInput, ReservationView, RpcResult } from "../rpc-types.js";
import type { AccountStore, ReservationRecord } from "../storage/account-store.js";
import { heldReservations } from "./views.js";

/** Live holds an account may have at once: what a caller can make the object store is bounded. */
export const MAX_LIVE_HOLDS = 1000;

export function reservationView(accountId: string, r: ReservationRecord): ReservationView {
  return {
    id: r.id,
    accountId,
    asset: r.asset,
    amount: r.amount,
    requested: r.requested,
    ref: r.ref,
    createdAt: isoTime(r.createdAt),
    expiresAt: isoTime(r.expiresAt),
  };
}

export interface ReserveOutcome {
  created: boolean;
  reservation: ReservationView;
}

/**
 * Holds funds for a pending order. Runs as one synchronous step inside the account's object
 * (no await between reading what is held and writing the new hold), so two bots racing for
 * the same funds are served one after the other and the second sees the first's hold.
 *
 * Idempotent by `ref`: a live hold with the same ref, asset and amount is answered again
 * (`created: false`); the same ref with another asset or amount is a conflict. With
 * `ifVersion`, the hold is made only while the balances are still at that version.
 */
export function reserveFunds(
  store: AccountStore,
  accountId: string,
  input: ReservationInput,
  now: number,
): RpcResult<ReserveOutcome> {
  const amount = parseAmount(input.amount);
  if (input.ref) {
    const same = store.reservations.byRef(input.ref, now);
    if (same) {
      return same.asset === input.asset && new Dec(same.requested).eq(amount)
        ? { ok: true, value: { created: false, reservation: reservationView(accountId, same) } }
        : {
            ok: false,
            error: {
              code: "CONFLICT",
              message: `ref ${input.ref} already holds ${same.requested} ${same.asset}`,
              details: { reservation: { ...reservationView(accountId, same) } },
            },
          };
    }
  }
  if (store.reservations.active(now).length >= MAX_LIVE_HOLDS) {
    return {
      ok: false,
      error: {
        code: "CONFLICT",
        message: `at most ${MAX_LIVE_HOLDS} live holds per account; release some first`,
        details: { reason: "TOO_MANY_HOLDS", limit: MAX_LIVE_HOLDS },
      },
    };
  }
  const version = store.balances.snapshot().version;
  if (input.ifVersion !== undefined && input.ifVersion !== version) {
    return {
      ok: false,
      error: {
        code: "PRECONDITION_FAILED",
        message: `the balances are at version ${version}, not ${input.ifVersion}`,
        details: { version },
      },
    };
  }
  const free = Dec.max(new Dec(store.balances.snapshot().rows.get(input.asset)?.free ?? "0"), 0);
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
    requested: formatAmount(amount),
    ref: input.ref ?? null,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
  };
  store.atomically(() => {
    // an expired hold may still carry the ref: it goes first
    store.reservations.purgeExpired(now);
    store.reservations.insert(row);
    store.balances.touch();
  });
  return { ok: true, value: { created: true, reservation: reservationView(accountId, row) } };
}

/** Releases a live hold; false when there is none with that id. */
export function releaseFunds(store: AccountStore, id: string, now: number): boolean {
  if (!store.reservations.get(id, now)) return false;
  store.atomically(() => {
    store.reservations.delete(id);
    store.reservations.purgeExpired(now);
    store.balances.touch();
  });
  return true;
}

import { balancesChanged, reservationChanged } from "../events/build-events.js";
import type { ReservationInput, ReservationView, RpcResult } from "../rpc-types.js";
import type { AccountRecord } from "../storage/account-store.js";
import {
  type ReserveOutcome,
  releaseFunds,
  reservationView,
  reserveFunds,
} from "./reservations.js";
import { inactiveRefusal } from "./set-active.js";
import type { AccountWiring } from "./wiring.js";

/** What the holds of an account need: its storage, its subscribers and the clock. */
export type HoldDeps = Pick<AccountWiring, "store" | "stream" | "now">;

/**
 * Holds funds for a bot's pending order (see reserveFunds); an inactive account holds none.
 * Subscribed bots hear of a new hold and of the balances it changed.
 */
export function holdFunds(
  d: HoldDeps,
  account: AccountRecord,
  input: ReservationInput,
): RpcResult<ReserveOutcome> {
  if (!account.active) return inactiveRefusal(account.id, "holds");
  const now = d.now();
  const r = reserveFunds(d.store, account.id, input, now);
  if (r.ok && r.value.created) {
    const { reservation } = r.value;
    d.stream.publish(() => [
      reservationChanged(reservation, "held", now),
      balancesChanged(account, d.store, now),
    ]);
  }
  return r;
}

/** The account's holds that have not expired. */
export function activeHolds(d: HoldDeps, account: AccountRecord): ReservationView[] {
  return d.store.reservations.active(d.now()).map((r) => reservationView(account.id, r));
}

/** Releases a live hold; subscribed bots hear of it and of the balances it gave back. */
export function releaseHold(
  d: HoldDeps,
  account: AccountRecord,
  reservationId: string,
): RpcResult<{ released: true }> {
  const now = d.now();
  const hold = d.store.reservations.get(reservationId, now);
  if (!hold || !releaseFunds(d.store, reservationId, now))
    return {
      ok: false,
      error: { code: "NOT_FOUND", message: `no active reservation ${reservationId}` },
    };
  d.stream.publish(() => [
    reservationChanged(reservationView(account.id, hold), "released", now),
    balancesChanged(account, d.store, now),
  ]);
  return { ok: true, value: { released: true } };
}

import { availableFunds, type Dec } from "@portfolio/core";
import type { AccountStore } from "../storage/account-store.js";
import { heldReservations, holdsValidUntil, shownFree } from "./views.js";

interface CachedAvailable {
  book: object;
  holds: object;
  /** the first hold expires then: what is available changes without a write */
  validUntil: number;
  available: Map<string, Dec>;
}

/** What every asset of a store had available, for the balances and holds it was built from. */
const built = new WeakMap<AccountStore, CachedAvailable>();

function computeAvailable(
  store: AccountStore,
  now: number,
  ownReservationId: string | undefined,
  assets: Iterable<string>,
): Map<string, Dec> {
  const held = heldReservations(store, now).filter((h) => h.id !== ownReservationId);
  const rows = store.balances.snapshot().rows;
  const out = new Map<string, Dec>();
  for (const asset of assets) {
    const row = rows.get(asset);
    if (row) out.set(asset, availableFunds(shownFree(row.free), held, asset));
  }
  return out;
}

/**
 * available = free − active holds, per asset, never below zero. A hold named by
 * `ownReservationId` counts as available to the one spending it. Without one, the answer is
 * kept until the balances or the holds change or a hold expires: a bot's trade checks between
 * two changes parse and subtract nothing.
 */
export function availableByAsset(
  store: AccountStore,
  now: number,
  ownReservationId: string | undefined,
  /** the assets a caller with its own hold needs (a trade check: its two) */
  assets: readonly string[],
): ReadonlyMap<string, Dec> {
  if (ownReservationId !== undefined) return computeAvailable(store, now, ownReservationId, assets);
  const book = store.balances.snapshot();
  const holds = store.reservations.all();
  const hit = built.get(store);
  if (hit && hit.book === book && hit.holds === holds && now < hit.validUntil) return hit.available;
  const available = computeAvailable(store, now, undefined, book.rows.keys());
  built.set(store, { book, holds, validUntil: holdsValidUntil(holds, now), available });
  return available;
}

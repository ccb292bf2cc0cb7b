import { availableFunds, type Dec } from "@portfolio/core";
import type { AccountStore } from "../storage/account-store.js";
import { KeptPerBook } from "./kept-per-book.js";
import { heldReservations, shownFree } from "./views.js";

/** What every asset of a store has available, while its balances and holds stay as they are. */
const kept = new KeptPerBook<Map<string, Dec>>();

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
  return kept.get(store, now, (book) => computeAvailable(store, now, undefined, book.rows.keys()));
}

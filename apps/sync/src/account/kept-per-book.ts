import type { AccountStore } from "../storage/account-store.js";
import type { BalanceSnapshot } from "../storage/balance-book.js";

/** When the first of `holds` live at `now` expires: what is reserved changes then without a write. */
export function holdsValidUntil(holds: readonly { expiresAt: number }[], now: number): number {
  return holds.reduce(
    (min, r) => (r.expiresAt > now && r.expiresAt < min ? r.expiresAt : min),
    Number.POSITIVE_INFINITY,
  );
}

interface Kept<T> {
  book: BalanceSnapshot;
  holds: object;
  /** the first hold expires then: what is reserved changes without a write */
  validUntil: number;
  value: T;
}

/**
 * One value per account store built from its balances and holds, kept until either changes (a
 * new snapshot, a new holds list) or a hold expires: a bot's reads between two changes build
 * nothing. One store is one account's (its object is named by the account id).
 */
export class KeptPerBook<T> {
  readonly #kept = new WeakMap<AccountStore, Kept<T>>();

  get(store: AccountStore, now: number, build: (book: BalanceSnapshot) => T): T {
    const book = store.balances.snapshot();
    const holds = store.reservations.all();
    const hit = this.#kept.get(store);
    if (hit && hit.book === book && hit.holds === holds && now < hit.validUntil) return hit.value;
    const value = build(book);
    this.#kept.set(store, { book, holds, validUntil: holdsValidUntil(holds, now), value });
    return value;
  }
}

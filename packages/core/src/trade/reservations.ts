import { Dec, formatAmount } from "../money/decimal.js";
import { addMoney, type Money, zeroMoney } from "../money/money.js";

/** A hold: an amount of one asset. */
export type HeldReservation = Money;

/** What is spendable: free minus what is held by reservations, never below zero. */
export function availableFunds(free: Dec, held: Iterable<HeldReservation>, asset: string): Dec {
  let reserved = zeroMoney(asset);
  for (const r of held) if (r.asset === asset) reserved = addMoney(reserved, r);
  return Dec.max(free.sub(reserved.amount), 0);
}

export type ReserveDecision =
  | { ok: true }
  | {
      ok: false;
      code: "INVALID_AMOUNT" | "INSUFFICIENT_FUNDS";
      message: string;
      available: string;
    };

/**
 * Whether `amount` of `asset` may be held on top of the existing reservations. Accepting only
 * what fits in `free − reserved` is what keeps two bots from spending the same funds.
 */
export function decideReservation(
  free: Dec,
  held: Iterable<HeldReservation>,
  asset: string,
  amount: Dec,
): ReserveDecision {
  const available = availableFunds(free, held, asset);
  if (!amount.gt(0)) {
    return {
      ok: false,
      code: "INVALID_AMOUNT",
      message: "amount must be greater than zero",
      available: formatAmount(available),
    };
  }
  if (amount.gt(available)) {
    return {
      ok: false,
      code: "INSUFFICIENT_FUNDS",
      message: `cannot reserve ${formatAmount(amount)} ${asset}: ${formatAmount(available)} available`,
      available: formatAmount(available),
    };
  }
  return { ok: true };
}

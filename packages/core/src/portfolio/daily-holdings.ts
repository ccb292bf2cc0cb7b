import { Dec } from "../money/decimal.js";
import { type BalanceMovingTx, balanceEffects } from "../trade/balance-effects.js";

const DAY_MS = 86_400_000;

/** What an owner held at the end of one UTC day (days since the epoch), non-zero assets only. */
export interface DayHoldings {
  day: number;
  holdings: Map<string, Dec>;
}

/**
 * The ledger replayed day by day: the holdings at the end of every UTC day from `fromDay` to
 * `toDay`, each the sum of the balance effects of every row up to that day's last moment (rows
 * before `fromDay` count in the first day). `rows` are in time order.
 */
export function dailyHoldings(
  rows: readonly (BalanceMovingTx & { timestamp: number })[],
  fromDay: number,
  toDay: number,
): DayHoldings[] {
  const days: number[] = [];
  for (let day = fromDay; day <= toDay; day++) days.push(day);
  const held = holdingsAt(
    rows,
    days.map((day) => (day + 1) * DAY_MS - 1),
  );
  return days.map((day, k) => ({ day, holdings: held[k] as Map<string, Dec> }));
}

/**
 * The ledger's holdings at each of `moments` (epoch ms, ascending): the sum of the balance
 * effects of every row at or before it, non-zero assets only. One pass over `rows` (in time order).
 */
export function holdingsAt(
  rows: readonly (BalanceMovingTx & { timestamp: number })[],
  moments: readonly number[],
): Map<string, Dec>[] {
  const held = new Map<string, Dec>();
  const out: Map<string, Dec>[] = [];
  let i = 0;
  for (const end of moments) {
    for (; i < rows.length && (rows[i] as { timestamp: number }).timestamp <= end; i++)
      for (const [asset, d] of balanceEffects(rows[i] as BalanceMovingTx))
        held.set(asset, (held.get(asset) ?? new Dec(0)).add(d));
    out.push(new Map([...held].filter(([, v]) => !v.isZero())));
  }
  return out;
}

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
  const held = new Map<string, Dec>();
  const out: DayHoldings[] = [];
  let i = 0;
  for (let day = fromDay; day <= toDay; day++) {
    const end = (day + 1) * DAY_MS - 1;
    for (; i < rows.length && (rows[i] as { timestamp: number }).timestamp <= end; i++)
      for (const [asset, d] of balanceEffects(rows[i] as BalanceMovingTx))
        held.set(asset, (held.get(asset) ?? new Dec(0)).add(d));
    out.push({ day, holdings: new Map([...held].filter(([, v]) => !v.isZero())) });
  }
  return out;
}

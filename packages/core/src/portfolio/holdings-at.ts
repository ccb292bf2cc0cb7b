import { Dec } from "../money/decimal.js";
import { type BalanceMovingTx, balanceEffects } from "../trade/balance-effects.js";

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

import { Dec } from "../money/decimal.js";

export interface Holding {
  asset: string;
  amount: Dec;
}

export interface ValuedHolding {
  asset: string;
  amount: Dec;
  price: Dec | null;
  value: Dec | null;
}

export interface Valuation {
  total: Dec;
  holdings: ValuedHolding[];
  /** assets held with no known price: excluded from `total`, never counted as zero silently */
  unpriced: string[];
}

/**
 * Values holdings in one base currency. `prices` maps an asset to the price of one unit in
 * the base; the base itself is worth 1. Holdings of the same asset are merged. Sorted by value,
 * largest first, unpriced last.
 */
export function valueHoldings(
  holdings: Iterable<Holding>,
  prices: ReadonlyMap<string, Dec>,
  base: string,
): Valuation {
  const merged = new Map<string, Dec>();
  for (const h of holdings) merged.set(h.asset, (merged.get(h.asset) ?? new Dec(0)).add(h.amount));
  let total = new Dec(0);
  const valued: ValuedHolding[] = [];
  const unpriced: string[] = [];
  for (const [asset, amount] of merged) {
    const price = asset === base ? new Dec(1) : (prices.get(asset) ?? null);
    const value = price === null ? null : amount.mul(price);
    if (value === null) unpriced.push(asset);
    else total = total.add(value);
    valued.push({ asset, amount, price, value });
  }
  valued.sort((a, b) => {
    if (a.value === null || b.value === null)
      return a.value === null ? (b.value === null ? a.asset.localeCompare(b.asset) : 1) : -1;
    return b.value.cmp(a.value) || a.asset.localeCompare(b.asset);
  });
  return { total, holdings: valued, unpriced: unpriced.sort() };
}

/**
 * Re-expresses prices quoted in `from` (asset → price in `from`) in another base `to`, through
 * the price of `to` itself. Returns null when `to` has no price in `from`.
 */
export function rebasePrices(
  prices: ReadonlyMap<string, Dec>,
  from: string,
  to: string,
): Map<string, Dec> | null {
  if (from === to) return new Map(prices);
  const toPrice = prices.get(to);
  if (!toPrice || toPrice.isZero()) return null;
  const out = new Map<string, Dec>();
  for (const [asset, p] of prices) if (asset !== to) out.set(asset, p.div(toPrice));
  out.set(from, new Dec(1).div(toPrice));
  return out;
}

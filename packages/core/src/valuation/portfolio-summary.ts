import { Dec, formatAmount, parseAmount, roundAmount } from "../money/decimal.js";
import { rebasePrices, valueHoldings } from "./value-holdings.js";

/** One account's holdings and last prices, as its Durable Object reports them. */
export interface AccountValuation {
  accountId: string;
  name: string;
  holdings: { asset: string; amount: string }[];
  /** asset → price of one unit in `priceBase` */
  prices: Record<string, string>;
  priceBase: string;
  pricesAsOf: string | null;
  syncedAt: string | null;
  stale: boolean;
}

/**
 * Values every account in `base` and sums by account and by asset. Prices come from each
 * account's last sync in its own base and are re-expressed through `base`'s price there; an
 * asset without a price in `base` is reported as unpriced, not as zero.
 */
export function summarizePortfolio(valuations: AccountValuation[], base: string, now: Date) {
  const byAsset = new Map<string, { amount: Dec; value: Dec | null }>();
  let total = new Dec(0);
  const accounts = valuations.map((v) => {
    const quoted = new Map(Object.entries(v.prices).map(([a, p]) => [a, parseAmount(p)]));
    const prices = rebasePrices(quoted, v.priceBase, base) ?? new Map<string, Dec>();
    const valuation = valueHoldings(
      v.holdings.map((h) => ({ asset: h.asset, amount: parseAmount(h.amount) })),
      prices,
      base,
    );
    total = total.add(valuation.total);
    for (const h of valuation.holdings) {
      const agg = byAsset.get(h.asset) ?? { amount: new Dec(0), value: new Dec(0) };
      byAsset.set(h.asset, {
        amount: agg.amount.add(h.amount),
        value: agg.value === null || h.value === null ? null : agg.value.add(h.value),
      });
    }
    return {
      accountId: v.accountId,
      name: v.name,
      value: formatAmount(valuation.total),
      unpriced: valuation.unpriced,
      syncedAt: v.syncedAt,
      pricesAsOf: v.pricesAsOf,
      stale: v.stale,
    };
  });
  const assets = [...byAsset]
    .filter(([, h]) => !h.amount.isZero())
    .map(([asset, h]) => ({
      asset,
      amount: formatAmount(h.amount),
      value: h.value === null ? null : formatAmount(h.value),
      share:
        h.value === null || total.isZero()
          ? null
          : formatAmount(roundAmount(h.value.div(total), 8, "halfEven")),
    }))
    .sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : new Dec(b.value).cmp(a.value)));
  return {
    base,
    total: formatAmount(total),
    asOf: now.toISOString(),
    stale: valuations.some((v) => v.stale),
    accounts,
    assets,
    unpriced: assets.filter((a) => a.value === null).map((a) => a.asset),
  };
}

/**
 * Every price known across the accounts, re-expressed in `base` (the first account that prices
 * an asset wins), for snapshots: benchmarks and flows need prices of assets not held too.
 */
export function mergedPrices(valuations: AccountValuation[], base: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of valuations) {
    const quoted = new Map(Object.entries(v.prices).map(([a, p]) => [a, parseAmount(p)]));
    const rebased = rebasePrices(quoted, v.priceBase, base);
    if (!rebased) continue;
    for (const [asset, price] of rebased) {
      if (asset !== base && !(asset in out))
        out[asset] = formatAmount(price.toSignificantDigits(20));
    }
  }
  return out;
}

/**
 * The valuations with one price per asset for all of them: the price service's where it has
 * one (so the same asset is valued the same in every account), else the account's own, both in
 * `base`. An account's own price that cannot be re-expressed in `base` is dropped.
 */
export function withServicePrices(
  valuations: AccountValuation[],
  service: Record<string, string>,
  base: string,
): AccountValuation[] {
  return valuations.map((v) => {
    const quoted = new Map(Object.entries(v.prices).map(([a, p]) => [a, parseAmount(p)]));
    const own = rebasePrices(quoted, v.priceBase, base) ?? new Map<string, Dec>();
    const prices: Record<string, string> = {};
    for (const [asset, price] of own)
      if (asset !== base) prices[asset] = formatAmount(price.toSignificantDigits(20));
    for (const [asset, price] of Object.entries(service)) if (asset !== base) prices[asset] = price;
    return { ...v, prices, priceBase: base };
  });
}

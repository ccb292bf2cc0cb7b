import { Dec, formatAmount, parseAmount, rebasePrices } from "@portfolio/core";
import type { AdapterDeps, MarketValues } from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import type { RawSymbol } from "./endpoints.js";

/** the main quotes: prices reach USDT through them, and they are always reported */
export const STABLE_QUOTES = ["USDT", "BTC", "ETH", "BNB"];

/**
 * Prices from one ticker call: each asset through its USDT pair, or through BTC/ETH/BNB and
 * that asset's USDT price. "USD" is valued as USDT at par (Binance quotes no USD); any other
 * base goes through its own price. Simple Earn LD tokens take their underlying's price.
 */
export function marketValues(
  symbols: Map<string, RawSymbol>,
  tickers: { symbol: string; price: string }[],
  held: Set<string>,
  base: string,
  deps: AdapterDeps,
): AdapterResult<MarketValues> {
  const px = new Map(tickers.map((t) => [t.symbol, parseAmount(t.price)]));
  const usdt = new Map<string, Dec>([["USDT", new Dec(1)]]);
  for (const q of STABLE_QUOTES)
    if (q !== "USDT" && px.has(`${q}USDT`)) usdt.set(q, px.get(`${q}USDT`) as Dec);
  for (const s of symbols.values()) {
    if (usdt.has(s.baseAsset)) continue;
    const p = px.get(s.symbol);
    const quoteUsdt = usdt.get(s.quoteAsset);
    if (p && quoteUsdt && STABLE_QUOTES.includes(s.quoteAsset))
      usdt.set(s.baseAsset, p.mul(quoteUsdt));
  }
  const wanted = new Set([...held, ...STABLE_QUOTES]);
  for (const asset of [...usdt.keys()])
    if (!wanted.has(asset) && asset !== base) usdt.delete(asset);
  const inBase = base === "USD" || base === "USDT" ? usdt : rebasePrices(usdt, "USDT", base);
  if (!inBase) return fail("unsupported", `no Binance price for base ${base}`);
  const prices: Record<string, string> = {};
  for (const [a, p] of inBase) if (a !== base) prices[a] = formatAmount(p.toSignificantDigits(20));
  if (base === "USD") prices.USDT = "1";
  return ok({ base, prices, asOf: new Date(deps.now()).toISOString() });
}

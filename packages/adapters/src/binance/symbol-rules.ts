import { Dec, parseAmount, type SymbolRules } from "@portfolio/core";
import type { PairRules } from "../adapter.js";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import { EP, type RawSymbol } from "./endpoints.js";
import { STABLE_QUOTES } from "./market-values.js";

/** Every asset a listed symbol trades. */
export function listedAssets(symbols: Map<string, RawSymbol>): Set<string> {
  const out = new Set<string>();
  for (const s of symbols.values()) out.add(s.baseAsset).add(s.quoteAsset);
  return out;
}

/**
 * The account's own fee rates on a symbol (GET /api/v3/account/commission, weight 20): the
 * standard rate plus any special and tax rate, for maker and taker.
 */
export async function commission(
  client: BinanceClient,
  symbol: string,
): Promise<AdapterResult<SymbolRules["commission"]>> {
  type Rates = { maker: string; taker: string };
  const r = await client.call<{
    standardCommission: Rates;
    specialCommission?: Rates;
    taxCommission?: Rates;
  }>(EP.commission, { symbol });
  if (!r.ok) return r;
  const parts = [r.value.standardCommission, r.value.specialCommission, r.value.taxCommission];
  const sum = (k: keyof Rates) =>
    parts.reduce((a, p) => (p ? a.add(parseAmount(p[k])) : a), new Dec(0));
  return ok({ maker: sum("maker"), taker: sum("taker") });
}

/** A listed symbol's rules with the account's own rates on it, or null when it is not listed. */
export async function symbolRules(
  client: BinanceClient,
  symbols: Map<string, RawSymbol>,
  base: string,
  quote: string,
): Promise<AdapterResult<SymbolRules | null>> {
  const s = symbols.get(`${base}${quote}`);
  if (!s) return ok(null);
  const rates = await commission(client, s.symbol);
  if (!rates.ok) return rates;
  return ok(rulesOf(s, rates.value));
}

/**
 * The rules of every listed symbol between the `held` assets (and the main quotes), with the
 * account's own rates as the account endpoint gave them (see accountSymbolRules).
 */
export function heldPairRules(
  symbols: Map<string, RawSymbol>,
  held: Set<string>,
  accountRates: { maker: Dec; taker: Dec } | null,
): PairRules[] {
  const quotes = new Set([...held, ...STABLE_QUOTES]);
  const out: PairRules[] = [];
  for (const s of symbols.values())
    if (held.has(s.baseAsset) && quotes.has(s.quoteAsset))
      out.push({
        base: s.baseAsset,
        quote: s.quoteAsset,
        rules: rulesOf(s, accountRates ?? undefined),
      });
  return out;
}

/** PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL/NOTIONAL of a listed symbol, with the account's rates. */
export function rulesOf(s: RawSymbol, commission: SymbolRules["commission"]): SymbolRules {
  const f = (type: string) => s.filters.find((x) => x.filterType === type);
  const d = (v: unknown) => new Dec(String(v ?? "0"));
  const price = f("PRICE_FILTER");
  const lot = f("LOT_SIZE");
  const notional = f("NOTIONAL") ?? f("MIN_NOTIONAL");
  return {
    symbol: s.symbol,
    status: s.status,
    ...(commission ? { commission } : {}),
    ...(price
      ? {
          priceFilter: {
            minPrice: d(price.minPrice),
            maxPrice: d(price.maxPrice),
            tickSize: d(price.tickSize),
          },
        }
      : {}),
    ...(lot
      ? { lotSize: { minQty: d(lot.minQty), maxQty: d(lot.maxQty), stepSize: d(lot.stepSize) } }
      : {}),
    ...(notional
      ? {
          notional: {
            filter: notional.filterType as "NOTIONAL" | "MIN_NOTIONAL",
            minNotional: d(notional.minNotional),
            maxNotional: d(notional.maxNotional ?? "0"),
          },
        }
      : {}),
  };
}

import type { BinancePriceSource, ListedPair } from "@portfolio/adapters";
import {
  Dec,
  formatAmount,
  type PricedPath,
  PriceGraph,
  type Quote,
  quotesAt,
} from "@portfolio/core";
import { candlesBetween, type Db, upsertCandles } from "@portfolio/db";

/** Stablecoins valued at par with the dollar where no market price reaches USD (Binance quotes none). */
const DOLLAR_STABLECOINS = ["USDT", "USDC", "FDUSD"];
/** a moment this close to now is priced from the tickers, not from candles */
const NOW_MS = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** hourly candles for the last 90 days, daily ones before */
const HOURLY_FOR_MS = 90 * DAY;

export interface PriceAnswer {
  asset: string;
  /** the price of one `asset` in the base, a decimal string (20 significant digits) */
  price: string;
  /** the oldest quote it rests on */
  asOf: string | null;
  /** hops that are assumptions (a stablecoin at par): 0 for market prices */
  assumed: number;
  path: { from: string; to: string; price: string; source: string; at: string }[];
}

/** The daily closes of one asset in a base: the price at the end of each UTC day. */
export type DailyPricesResult =
  | { ok: true; asset: string; base: string; days: { date: string; price: string | null }[] }
  | { ok: false; reason: "unreachable_base"; base: string; reachable: string[] }
  | { ok: false; reason: "unavailable"; message: string };

export type PricesResult =
  | { ok: true; base: string; at: string; prices: PriceAnswer[]; unpriced: string[] }
  | { ok: false; reason: "unreachable_base"; base: string; reachable: string[] }
  | { ok: false; reason: "unavailable"; message: string };

const iso = (ms: number) => new Date(ms).toISOString();

function answer(p: PricedPath): PriceAnswer {
  return {
    asset: p.asset,
    price: formatAmount(p.price.toSignificantDigits(20)),
    asOf: p.asOf === null ? null : iso(p.asOf),
    assumed: p.assumed,
    path: p.hops.map((h) => ({
      from: h.from,
      to: h.to,
      price: formatAmount(h.price.toSignificantDigits(20)),
      source: h.source,
      at: iso(h.at),
    })),
  };
}

/** the par assumptions at moment `at`: each dollar stablecoin at 1 USD */
function parQuotes(at: number): Quote[] {
  return DOLLAR_STABLECOINS.map((s) => ({
    base: s,
    quote: "USD",
    price: new Dec(1),
    at,
    source: "par",
    assumed: true,
  }));
}

/**
 * One price service for every valuation: the price of any asset in any base the graph of
 * Binance's pairs reaches (SOL → USDT → EUR), now or at a past moment, with the source and time
 * of every quote. Now: one ticker call for every pair. In the past: the candles of the pairs on
 * the path (hourly for the last 90 days, daily before), read from D1 and fetched from Binance
 * into D1 once when missing; the price at a moment is the close of the last candle closed by
 * then. An asset no path reaches is listed as unpriced, never priced at zero; a base the graph
 * does not reach is refused with the bases it does.
 */
export class PriceService {
  constructor(
    private readonly db: Db,
    private readonly source: BinancePriceSource,
    private readonly now: () => number,
  ) {}

  async prices(assets: string[], base: string, at?: number): Promise<PricesResult> {
    const now = this.now();
    const tickers = await this.source.tickers();
    if (!tickers.ok) return { ok: false, reason: "unavailable", message: tickers.error.message };
    const current = new PriceGraph([...tickers.value, ...parQuotes(now)]);
    if (!current.reachable(base).includes("USDT"))
      return {
        ok: false,
        reason: "unreachable_base",
        base,
        reachable: this.bases(current, tickers.value),
      };
    const moment = at ?? now;
    if (now - moment < NOW_MS) {
      const { prices, unpriced } = current.priceAll(assets, base);
      return { ok: true, base, at: iso(now), prices: [...prices.values()].map(answer), unpriced };
    }
    const listed = await this.source.listed();
    if (!listed.ok) return { ok: false, reason: "unavailable", message: listed.error.message };
    // the pairs today's paths use, read at the moment asked for
    const pairs = new Map<string, ListedPair>();
    for (const a of assets)
      for (const h of current.price(a, base)?.hops ?? []) {
        const pair = listed.value.get(`${h.from}${h.to}`) ?? listed.value.get(`${h.to}${h.from}`);
        if (pair) pairs.set(pair.symbol, pair);
      }
    const interval = now - moment <= HOURLY_FOR_MS ? "1h" : "1d";
    const step = interval === "1h" ? HOUR : DAY;
    const stored = await this.candlesAround([...pairs.values()], interval, step, moment);
    if (!stored.ok) return stored;
    const past = new PriceGraph([
      ...quotesAt(stored.candles, moment, 2 * step),
      ...parQuotes(moment),
    ]);
    const { prices, unpriced } = past.priceAll(assets, base);
    return { ok: true, base, at: iso(moment), prices: [...prices.values()].map(answer), unpriced };
  }

  /**
   * The price of `asset` in `base` at the end of every UTC day from `fromDay` to `toDay` (days
   * since the epoch): the daily candles of the pairs on today's path, read in pages of 1000
   * from Binance into D1 where missing, each day priced by the last candle closed by its end.
   * A day no candle prices is null (before the pair was listed, say), never zero.
   */
  async dailyPrices(
    asset: string,
    base: string,
    fromDay: number,
    toDay: number,
  ): Promise<DailyPricesResult> {
    const now = this.now();
    const tickers = await this.source.tickers();
    if (!tickers.ok) return { ok: false, reason: "unavailable", message: tickers.error.message };
    const current = new PriceGraph([...tickers.value, ...parQuotes(now)]);
    if (!current.reachable(base).includes("USDT"))
      return {
        ok: false,
        reason: "unreachable_base",
        base,
        reachable: this.bases(current, tickers.value),
      };
    const listed = await this.source.listed();
    if (!listed.ok) return { ok: false, reason: "unavailable", message: listed.error.message };
    const pairs = new Map<string, ListedPair>();
    for (const h of current.price(asset, base)?.hops ?? []) {
      const pair = listed.value.get(`${h.from}${h.to}`) ?? listed.value.get(`${h.to}${h.from}`);
      if (pair) pairs.set(pair.symbol, pair);
    }
    const from = (fromDay - 1) * DAY;
    const to = Math.min((toDay + 1) * DAY - 1, now);
    const key = (p: { base: string; quote: string }) => `${p.base}/${p.quote}`;
    for (const p of pairs.values()) {
      const have = (await candlesBetween(this.db, [key(p)], from, to)).filter(
        (c) => c.interval === "1d",
      );
      const expected = Math.floor((to - from) / DAY);
      if (have.length >= expected) continue;
      for (let start = from - DAY; start < to; ) {
        const r = await this.source.klines(p.symbol, "1d", start, 1000);
        if (!r.ok) return { ok: false, reason: "unavailable", message: r.error.message };
        const closed = r.value.filter((k) => k.closeTime < now);
        await upsertCandles(
          this.db,
          closed.map((k) => ({
            base: p.base,
            quote: p.quote,
            source: "binance",
            interval: "1d",
            openTime: k.openTime,
            closeTime: k.closeTime,
            open: k.open,
            high: k.high,
            low: k.low,
            close: k.close,
          })),
        );
        const last = r.value.at(-1);
        if (!last || r.value.length < 1000) break;
        start = last.closeTime + 1;
      }
    }
    const candles = (
      await candlesBetween(this.db, [...pairs.values()].map(key), from - DAY, to)
    ).filter((c) => c.interval === "1d");
    const days: { date: string; price: string | null }[] = [];
    for (let d = fromDay; d <= toDay; d++) {
      const end = Math.min((d + 1) * DAY - 1, now);
      const g = new PriceGraph([...quotesAt(candles, end, 2 * DAY), ...parQuotes(end)]);
      const p = asset === base ? new Dec(1) : (g.price(asset, base)?.price ?? null);
      days.push({
        date: new Date(d * DAY).toISOString().slice(0, 10),
        price: p === null ? null : formatAmount(p.toSignificantDigits(20)),
      });
    }
    return { ok: true, asset, base, days };
  }

  /** the bases a caller may ask for: USD and every quote asset of a pair the tickers price */
  private bases(graph: PriceGraph, quotes: Quote[]): string[] {
    const reach = new Set(graph.reachable("USDT"));
    const quoteAssets = new Set(["USD", ...quotes.map((q) => q.quote), "EUR", "GBP"]);
    return [...quoteAssets].filter((a) => reach.has(a)).sort();
  }

  /**
   * The candles of `pairs` that close in the two steps before `moment`, fetching a pair's from
   * Binance (and storing them) when D1 has none there yet.
   */
  private async candlesAround(
    pairs: ListedPair[],
    interval: string,
    step: number,
    moment: number,
  ): Promise<
    | { ok: true; candles: Awaited<ReturnType<typeof candlesBetween>> }
    | { ok: false; reason: "unavailable"; message: string }
  > {
    const from = moment - 2 * step;
    const key = (p: { base: string; quote: string }) => `${p.base}/${p.quote}`;
    let candles = await candlesBetween(this.db, pairs.map(key), from, moment);
    const have = new Set(candles.filter((c) => c.interval === interval).map(key));
    const missing = pairs.filter((p) => !have.has(key(p)));
    for (const p of missing) {
      const r = await this.source.klines(p.symbol, interval, from - step, 4);
      if (!r.ok) return { ok: false, reason: "unavailable", message: r.error.message };
      // only candles that have closed: an open one's close still moves
      const closed = r.value.filter((k) => k.closeTime < this.now());
      await upsertCandles(
        this.db,
        closed.map((k) => ({
          base: p.base,
          quote: p.quote,
          source: "binance",
          interval,
          openTime: k.openTime,
          closeTime: k.closeTime,
          open: k.open,
          high: k.high,
          low: k.low,
          close: k.close,
        })),
      );
    }
    if (missing.length) candles = await candlesBetween(this.db, pairs.map(key), from, moment);
    return { ok: true, candles };
  }
}

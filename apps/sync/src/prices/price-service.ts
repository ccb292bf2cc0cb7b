import {
  type BinancePriceSource,
  KLINES_PAGE,
  type Kline,
  type ListedPair,
} from "@portfolio/adapters";
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
  | Unreachable
  | Unavailable;

export type PricesResult =
  | { ok: true; base: string; at: string; prices: PriceAnswer[]; unpriced: string[] }
  | Unreachable
  | Unavailable;

const iso = (ms: number) => new Date(ms).toISOString();
const pairKey = (p: { base: string; quote: string }) => `${p.base}/${p.quote}`;

type Unavailable = { ok: false; reason: "unavailable"; message: string };
type Unreachable = { ok: false; reason: "unreachable_base"; base: string; reachable: string[] };

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
    const current = await this.currentGraph(base, now);
    if (!current.ok) return current;
    const moment = at ?? now;
    if (now - moment < NOW_MS) {
      const { prices, unpriced } = current.graph.priceAll(assets, base);
      return { ok: true, base, at: iso(now), prices: [...prices.values()].map(answer), unpriced };
    }
    // the pairs today's paths use, read at the moment asked for
    const pairs = await this.pathPairs(current.graph, assets, base);
    if (!pairs.ok) return pairs;
    const interval = now - moment <= HOURLY_FOR_MS ? "1h" : "1d";
    const step = interval === "1h" ? HOUR : DAY;
    const from = moment - 2 * step;
    let candles = await this.candles(pairs.value, interval, from, moment);
    const have = new Set(candles.map(pairKey));
    const missing = pairs.value.filter((p) => !have.has(pairKey(p)));
    for (const p of missing) {
      const r = await this.fetchCandles(p, interval, from - step, 4, now);
      if (!r.ok) return r;
    }
    if (missing.length) candles = await this.candles(pairs.value, interval, from, moment);
    const past = new PriceGraph([...quotesAt(candles, moment, 2 * step), ...parQuotes(moment)]);
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
    const current = await this.currentGraph(base, now);
    if (!current.ok) return current;
    const pairs = await this.pathPairs(current.graph, [asset], base);
    if (!pairs.ok) return pairs;
    const from = (fromDay - 1) * DAY;
    const to = Math.min((toDay + 1) * DAY - 1, now);
    // one read for every pair, then Binance only for the pairs D1 lacks days of
    const stored = await this.candles(pairs.value, "1d", from, to);
    const expected = Math.floor((to - from) / DAY);
    for (const p of pairs.value) {
      if (stored.filter((c) => pairKey(c) === pairKey(p)).length >= expected) continue;
      for (let start = from - DAY; start < to; ) {
        const r = await this.fetchCandles(p, "1d", start, KLINES_PAGE, now);
        if (!r.ok) return r;
        const last = r.value.at(-1);
        if (!last || r.value.length < KLINES_PAGE) break;
        start = last.closeTime + 1;
      }
    }
    const candles = await this.candles(pairs.value, "1d", from - DAY, to);
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

  /** Today's graph of every pair's ticker (and the par assumptions), or why there is none for `base`. */
  private async currentGraph(
    base: string,
    now: number,
  ): Promise<{ ok: true; graph: PriceGraph } | Unavailable | Unreachable> {
    const tickers = await this.source.tickers();
    if (!tickers.ok) return { ok: false, reason: "unavailable", message: tickers.error.message };
    const graph = new PriceGraph([...tickers.value, ...parQuotes(now)]);
    if (!graph.reachable(base).includes("USDT"))
      return {
        ok: false,
        reason: "unreachable_base",
        base,
        reachable: this.bases(graph, tickers.value),
      };
    return { ok: true, graph };
  }

  /** The listed pairs on today's paths from `assets` to `base`. */
  private async pathPairs(
    graph: PriceGraph,
    assets: string[],
    base: string,
  ): Promise<{ ok: true; value: ListedPair[] } | Unavailable> {
    const listed = await this.source.listed();
    if (!listed.ok) return { ok: false, reason: "unavailable", message: listed.error.message };
    const pairs = new Map<string, ListedPair>();
    for (const a of assets)
      for (const h of graph.price(a, base)?.hops ?? []) {
        const pair = listed.value.get(`${h.from}${h.to}`) ?? listed.value.get(`${h.to}${h.from}`);
        if (pair) pairs.set(pair.symbol, pair);
      }
    return { ok: true, value: [...pairs.values()] };
  }

  /** Stored candles of `pairs` at `interval` closed in [from, to]. */
  private async candles(pairs: ListedPair[], interval: string, from: number, to: number) {
    return (await candlesBetween(this.db, pairs.map(pairKey), from, to)).filter(
      (c) => c.interval === interval,
    );
  }

  /** Up to `limit` candles of a pair from Binance from `start`, the closed ones stored in D1. */
  private async fetchCandles(
    p: ListedPair,
    interval: string,
    start: number,
    limit: number,
    now: number,
  ): Promise<{ ok: true; value: Kline[] } | Unavailable> {
    const r = await this.source.klines(p.symbol, interval, start, limit);
    if (!r.ok) return { ok: false, reason: "unavailable", message: r.error.message };
    // only candles that have closed: an open one's close still moves
    const closed = r.value.filter((k) => k.closeTime < now);
    await upsertCandles(
      this.db,
      closed.map((k) => ({ base: p.base, quote: p.quote, source: "binance", interval, ...k })),
    );
    return { ok: true, value: r.value };
  }

  /** the bases a caller may ask for: USD and every quote asset of a pair the tickers price */
  private bases(graph: PriceGraph, quotes: Quote[]): string[] {
    const reach = new Set(graph.reachable("USDT"));
    const quoteAssets = new Set(["USD", ...quotes.map((q) => q.quote), "EUR", "GBP"]);
    return [...quoteAssets].filter((a) => reach.has(a)).sort();
  }
}

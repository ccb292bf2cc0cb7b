import type { BinancePriceSource, ListedPair } from "@portfolio/adapters";
import {
  Dec,
  formatAmount,
  type PathStep,
  PriceGraph,
  pathPrices,
  type Quote,
  quotesAt,
} from "@portfolio/core";
import type { Db } from "@portfolio/db";
import { CandleStock } from "./candle-stock.js";
import {
  answer,
  type DailyPricesResult,
  type HourlyPricesResult,
  type Interval,
  iso,
  type MomentPricesResult,
  type PricesResult,
  STEP_MS,
  type Unavailable,
  type Unreachable,
} from "./price-answers.js";

/** the dollar itself: USDT at par with USD, the anchor every dollar price rests on (Binance quotes no USD) */
const ANCHOR = "USDT";
/** other dollar stablecoins: at par only while no market joins them to the anchor */
const DOLLAR_STABLECOINS = ["USDC", "FDUSD"];
/** a moment this close to now is priced from the tickers, not from candles */
const NOW_MS = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** hourly candles for the last 90 days, daily ones before */
const HOURLY_FOR_MS = 90 * DAY;
/** the par assumptions at moment `at`: USDT, and each stablecoin in `stables`, at 1 USD */
function parQuotes(at: number, stables: readonly string[]): Quote[] {
  return [ANCHOR, ...stables].map((s) => ({
    base: s,
    quote: "USD",
    price: new Dec(1),
    at,
    source: "par",
    assumed: true,
  }));
}

const priceString = (p: Dec | null) =>
  p === null ? null : formatAmount(p.toSignificantDigits(20));

/** Today's graph: every pair's ticker, with the par assumptions the markets leave needed. */
interface Current {
  graph: PriceGraph;
  /** the dollar stablecoins no market joins to USDT, taken at par */
  stables: string[];
}

/** The path an asset is priced along today, and the listed pairs it reads. */
interface Route {
  steps: PathStep[];
  pairs: ListedPair[];
}

/**
 * One price service for every valuation: the price of any asset in any base the graph of
 * Binance's pairs reaches (SOL → USDT → EUR), now or at a past moment, with the source and time
 * of every quote. Now: one ticker call for every pair. In the past: the candles of the pairs on
 * the path (hourly for the last 90 days, daily before), read from D1 and fetched from Binance
 * into D1 once when missing; the price at a moment is the close of the last candle closed by
 * then. USDT is the dollar (Binance quotes no USD); another stablecoin is at par only while no
 * market joins it to USDT. An asset no path reaches is listed as unpriced, never priced at zero;
 * a base the graph does not reach is refused with the bases it does.
 */
export class PriceService {
  private readonly stock: CandleStock;

  constructor(
    db: Db,
    private readonly source: BinancePriceSource,
    private readonly now: () => number,
  ) {
    this.stock = new CandleStock(db, source);
  }

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
    const routes = await this.routes(current.graph, assets, base);
    if (!routes.ok) return routes;
    const interval: Interval = now - moment <= HOURLY_FOR_MS ? "1h" : "1d";
    const step = STEP_MS[interval];
    const pairs = [...new Set([...routes.value.values()].flatMap((r) => r.pairs))];
    const candles = await this.stock.read(pairs, interval, moment - 2 * step, moment, now);
    if (!candles.ok) return candles;
    const past = new PriceGraph([
      ...quotesAt(candles.value, moment, 2 * step),
      ...parQuotes(moment, current.stables),
    ]);
    const { prices, unpriced } = past.priceAll(assets, base);
    return { ok: true, base, at: iso(moment), prices: [...prices.values()].map(answer), unpriced };
  }

  /**
   * The price of `asset` in `base` at the end of every UTC day from `fromDay` to `toDay` (days
   * since the epoch), from the daily candles of the pairs on today's path. A day no candle
   * prices is null (before the pair was listed, say), never zero.
   */
  async dailyPrices(
    asset: string,
    base: string,
    fromDay: number,
    toDay: number,
  ): Promise<DailyPricesResult> {
    const r = await this.closes(asset, base, "1d", fromDay, toDay);
    if (!r.ok) return r;
    return {
      ok: true,
      asset,
      base,
      days: r.value.map((p, i) => ({ date: iso((fromDay + i) * DAY).slice(0, 10), price: p })),
    };
  }

  /** As {@link dailyPrices}, per UTC hour (hours since the epoch), from the hourly candles. */
  async hourlyPrices(
    asset: string,
    base: string,
    fromHour: number,
    toHour: number,
  ): Promise<HourlyPricesResult> {
    const r = await this.closes(asset, base, "1h", fromHour, toHour);
    if (!r.ok) return r;
    return {
      ok: true,
      asset,
      base,
      hours: r.value.map((p, i) => ({ start: iso((fromHour + i) * HOUR), price: p })),
    };
  }

  /**
   * The price of each asset at its own moment (a deposit at 14:37 at 14:37, not at the day's
   * close): the close of the last hourly candle of each pair on its path closed by then, hourly
   * candles read for the span of the moments asked. Null where no candle prices it.
   */
  async pricesAt(
    base: string,
    items: readonly { asset: string; at: number }[],
  ): Promise<MomentPricesResult> {
    const now = this.now();
    const current = await this.currentGraph(base, now);
    if (!current.ok) return current;
    const assets = [...new Set(items.map((i) => i.asset))];
    const routes = await this.routes(current.graph, assets, base);
    if (!routes.ok) return routes;
    const prices: (string | null)[] = items.map(() => null);
    for (const asset of assets) {
      const at = items.flatMap((it, k) => (it.asset === asset ? [k] : []));
      if (asset === base) {
        for (const k of at) prices[k] = "1";
        continue;
      }
      const route = routes.value.get(asset);
      if (!route) continue;
      const order = [...at].sort(
        (a, b) => (items[a] as { at: number }).at - (items[b] as { at: number }).at,
      );
      const moments = order.map((k) => (items[k] as { at: number }).at);
      const candles = await this.stock.read(
        route.pairs,
        "1h",
        (moments[0] as number) - 2 * HOUR,
        moments.at(-1) as number,
        now,
      );
      if (!candles.ok) return candles;
      const found = pathPrices(route.steps, candles.value, moments, 2 * HOUR);
      order.forEach((k, i) => {
        prices[k] = priceString(found[i] ?? null);
      });
    }
    return { ok: true, base, prices };
  }

  /** The closes of `asset` in `base` at the end of each `interval` bucket from `from` to `to`. */
  private async closes(
    asset: string,
    base: string,
    interval: Interval,
    from: number,
    to: number,
  ): Promise<{ ok: true; value: (string | null)[] } | Unavailable | Unreachable> {
    const now = this.now();
    const step = STEP_MS[interval];
    const ends: number[] = [];
    for (let b = from; b <= to; b++) ends.push(Math.min((b + 1) * step - 1, now));
    if (asset === base) return { ok: true, value: ends.map(() => "1") };
    const current = await this.currentGraph(base, now);
    if (!current.ok) return current;
    const routes = await this.routes(current.graph, [asset], base);
    if (!routes.ok) return routes;
    const route = routes.value.get(asset);
    if (!route) return { ok: true, value: ends.map(() => null) };
    const candles = await this.stock.read(
      route.pairs,
      interval,
      from * step,
      ends.at(-1) ?? 0,
      now,
    );
    if (!candles.ok) return candles;
    return {
      ok: true,
      value: pathPrices(route.steps, candles.value, ends, 2 * step).map(priceString),
    };
  }

  /** Today's graph of every pair's ticker (and the par assumptions), or why there is none for `base`. */
  private async currentGraph(
    base: string,
    now: number,
  ): Promise<({ ok: true } & Current) | Unavailable | Unreachable> {
    const tickers = await this.source.tickers();
    if (!tickers.ok) return { ok: false, reason: "unavailable", message: tickers.error.message };
    const markets = new PriceGraph(tickers.value).reachable(ANCHOR);
    const stables = DOLLAR_STABLECOINS.filter((s) => !markets.includes(s));
    const graph = new PriceGraph([...tickers.value, ...parQuotes(now, stables)]);
    if (!graph.reachable(base).includes(ANCHOR))
      return {
        ok: false,
        reason: "unreachable_base",
        base,
        reachable: this.bases(graph, tickers.value),
      };
    return { ok: true, graph, stables };
  }

  /** Each asset's path to `base` today and the listed pairs on it; an unpriced asset has none. */
  private async routes(
    graph: PriceGraph,
    assets: string[],
    base: string,
  ): Promise<{ ok: true; value: Map<string, Route> } | Unavailable> {
    const listed = await this.source.listed();
    if (!listed.ok) return { ok: false, reason: "unavailable", message: listed.error.message };
    const routes = new Map<string, Route>();
    for (const a of assets) {
      const path = graph.price(a, base);
      if (!path) continue;
      const pairs: ListedPair[] = [];
      for (const h of path.hops) {
        const pair = listed.value.get(`${h.from}${h.to}`) ?? listed.value.get(`${h.to}${h.from}`);
        if (pair) pairs.push(pair);
      }
      routes.set(a, {
        // a halted pair's hop is an assumption today, but its past candles are market prices
        steps: path.hops.map((h) => ({ from: h.from, to: h.to, assumed: h.source === "par" })),
        pairs,
      });
    }
    return { ok: true, value: routes };
  }

  /** the bases a caller may ask for: USD and every quote asset of a pair the tickers price */
  private bases(graph: PriceGraph, quotes: Quote[]): string[] {
    const reach = new Set(graph.reachable(ANCHOR));
    const quoteAssets = new Set(["USD", ...quotes.map((q) => q.quote), "EUR", "GBP"]);
    return [...quoteAssets].filter((a) => reach.has(a)).sort();
  }
}

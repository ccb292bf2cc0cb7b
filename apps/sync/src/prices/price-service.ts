import type { BinancePriceSource } from "@portfolio/adapters";
import { type Dec, formatAmount, isoTime, PriceGraph, pathPrices, quotesAt } from "@portfolio/core";
import type { Db } from "@portfolio/db";
import { CandleStock } from "./candle-stock.js";
import { Markets, parQuotes } from "./markets.js";
import {
  answer,
  type DailyPricesResult,
  type HourlyPricesResult,
  type Interval,
  type MomentPricesResult,
  type PricesResult,
  STEP_MS,
  type Unavailable,
  type Unreachable,
} from "./price-answers.js";

/** a moment this close to now is priced from the tickers, not from candles */
const NOW_MS = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** hourly candles for the last 90 days, daily ones before */
const HOURLY_FOR_MS = 90 * DAY;
const priceString = (p: Dec | null) =>
  p === null ? null : formatAmount(p.toSignificantDigits(20));

/**
 * One price service for every valuation: the price of any asset in any base the graph of
 * Binance's pairs and the chain's pools reaches (SOL → USDT → EUR, TKA → USDC → USDT → USD), now
 * or at a past moment, with the source and time of every quote. Now: one ticker call for every
 * pair, and each pool's last hourly close. In the past: the candles of the pairs on the path
 * (hourly for the last 90 days, daily before), read from D1 and fetched from Binance into D1
 * once when missing (a pool's come from the EVM accounts that price with it); the price at a
 * moment is the close of the last candle closed by then. USDT is the dollar (Binance quotes no USD); another stablecoin is at par only while no
 * market joins it to USDT. An asset no path reaches is listed as unpriced, never priced at zero;
 * a base the graph does not reach is refused with the bases it does.
 */
/** The answer a price graph gives for `assets` in `base` at `at`. */
function pricedBy(graph: PriceGraph, assets: string[], base: string, at: number): PricesResult {
  const { prices, unpriced } = graph.priceAll(assets, base);
  return { ok: true, base, at: isoTime(at), prices: [...prices.values()].map(answer), unpriced };
}

export class PriceService {
  private readonly stock: CandleStock;
  private readonly markets: Markets;

  constructor(
    db: Db,
    source: BinancePriceSource,
    private readonly now: () => number,
  ) {
    this.stock = new CandleStock(db, source);
    this.markets = new Markets(db, source);
  }

  async prices(assets: string[], base: string, at?: number): Promise<PricesResult> {
    const now = this.now();
    const current = await this.markets.current(base, now);
    if (!current.ok) return current;
    const moment = at ?? now;
    if (now - moment < NOW_MS) {
      return pricedBy(current.graph, assets, base, now);
    }
    // the pairs today's paths use, read at the moment asked for
    const routes = await this.markets.routes(current.graph, assets, base);
    if (!routes.ok) return routes;
    const interval: Interval = now - moment <= HOURLY_FOR_MS ? "1h" : "1d";
    const step = STEP_MS[interval];
    const pairs = [...new Set([...routes.value.values()].flatMap((r) => r.pairs))];
    const stored = [...routes.value.values()].flatMap((r) => r.stored);
    const candles = await this.stock.read(pairs, interval, moment - 2 * step, moment, now, stored);
    if (!candles.ok) return candles;
    const past = new PriceGraph([
      ...quotesAt(candles.value, moment, 2 * step),
      ...parQuotes(moment, current.stables),
    ]);
    return pricedBy(past, assets, base, moment);
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
      days: r.value.map((p, i) => ({ date: isoTime((fromDay + i) * DAY).slice(0, 10), price: p })),
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
      hours: r.value.map((p, i) => ({ start: isoTime((fromHour + i) * HOUR), price: p })),
    };
  }

  /**
   * The price of each asset at its own moment (a deposit at 14:37 at 14:37, not at the day's
   * close): the close of the last candle of each pair on its path closed by then, hourly in the
   * last 90 days and daily before (the candles the service keeps), read for the span of the
   * moments asked. Null where no candle prices it.
   */
  async pricesAt(
    base: string,
    items: readonly { asset: string; at: number }[],
  ): Promise<MomentPricesResult> {
    const now = this.now();
    const current = await this.markets.current(base, now);
    if (!current.ok) return current;
    const assets = [...new Set(items.map((i) => i.asset))];
    const routes = await this.markets.routes(current.graph, assets, base);
    if (!routes.ok) return routes;
    const prices: (string | null)[] = items.map(() => null);
    // each asset's moments, in one pass: the last 90 days by the hour, older ones by the day
    const groups = new Map<string, number[]>();
    items.forEach((it, k) => {
      const interval = now - it.at <= HOURLY_FOR_MS ? "1h" : "1d";
      const g = `${it.asset}\u0000${interval}`;
      const list = groups.get(g);
      if (list) list.push(k);
      else groups.set(g, [k]);
    });
    for (const [g, at] of groups) {
      const [asset, interval] = g.split("\u0000") as [string, Interval];
      if (asset === base) {
        for (const k of at) prices[k] = "1";
        continue;
      }
      const route = routes.value.get(asset);
      if (!route) continue;
      const step = STEP_MS[interval];
      const order = [...at].sort(
        (a, b) => (items[a] as { at: number }).at - (items[b] as { at: number }).at,
      );
      const moments = order.map((k) => (items[k] as { at: number }).at);
      const candles = await this.stock.read(
        route.pairs,
        interval,
        (moments[0] as number) - 2 * step,
        moments.at(-1) as number,
        now,
        route.stored,
      );
      if (!candles.ok) return candles;
      const found = pathPrices(route.steps, candles.value, moments, 2 * step);
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
    const current = await this.markets.current(base, now);
    if (!current.ok) return current;
    const routes = await this.markets.routes(current.graph, [asset], base);
    if (!routes.ok) return routes;
    const route = routes.value.get(asset);
    if (!route) return { ok: true, value: ends.map(() => null) };
    const candles = await this.stock.read(
      route.pairs,
      interval,
      from * step,
      ends.at(-1) ?? 0,
      now,
      route.stored,
    );
    if (!candles.ok) return candles;
    return {
      ok: true,
      value: pathPrices(route.steps, candles.value, ends, 2 * step).map(priceString),
    };
  }
}

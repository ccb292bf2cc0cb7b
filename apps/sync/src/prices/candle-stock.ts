import {
  type BinancePriceSource,
  KLINES_PAGE,
  type Kline,
  type ListedPair,
} from "@portfolio/adapters";
import type { Candle } from "@portfolio/core";
import { candlesBetween, type Db, upsertCandles } from "@portfolio/db";
import { type Interval, STEP_MS, type Unavailable } from "./price-answers.js";

const pairKey = (p: { base: string; quote: string }) => `${p.base}/${p.quote}`;

/** The price service's candles: D1 first, Binance's klines for what D1 lacks, stored as read. */
export class CandleStock {
  constructor(
    private readonly db: Db,
    private readonly source: BinancePriceSource,
  ) {}

  /**
   * The candles of `pairs` at `interval` closed in [from, to]: one read of D1 for every pair,
   * then Binance, in pages of 1000 into D1, only for the pairs D1 lacks candles of. `stored`
   * pairs ("BASE/QUOTE", an EVM account's pools) are read from D1 only: their accounts write them.
   */
  async read(
    pairs: ListedPair[],
    interval: Interval,
    from: number,
    to: number,
    now: number,
    stored: string[] = [],
  ): Promise<{ ok: true; value: Candle[] } | Unavailable> {
    const step = STEP_MS[interval];
    const keys = [...new Set([...pairs.map(pairKey), ...stored])];
    const read = () => candlesBetween(this.db, keys, interval, from, to);
    const have = await read();
    const expected = Math.floor((Math.min(to, now) - from) / step);
    let fetched = false;
    for (const p of pairs) {
      const binance = have.filter((c) => c.source === "binance" && pairKey(c) === pairKey(p));
      if (binance.length >= expected) continue;
      fetched = true;
      for (let start = from - step; start < to; ) {
        const r = await this.fetch(p, interval, start, KLINES_PAGE, now);
        if (!r.ok) return r;
        const last = r.value.at(-1);
        if (!last || r.value.length < KLINES_PAGE) break;
        start = last.closeTime + 1;
      }
    }
    return { ok: true, value: fetched ? await read() : have };
  }

  /** Up to `limit` candles of a pair from Binance from `start`, the closed ones stored in D1. */
  private async fetch(
    p: ListedPair,
    interval: Interval,
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
}

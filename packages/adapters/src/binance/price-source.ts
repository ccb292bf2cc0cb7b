import { parseAmount, type Quote } from "@portfolio/core";
import type { AdapterDeps } from "../adapter.js";
import { type AdapterResult, ok } from "../adapter-error.js";
import { BinanceClient } from "./client.js";
import { BinanceConfig } from "./config.js";
import { EP } from "./endpoints.js";
import { type Kline, readKlines } from "./klines.js";
import { SteadyRate } from "./steady-rate.js";

const SYMBOLS_TTL_MS = 24 * 3_600_000;
const TICKERS_TTL_MS = 30_000;
/**
 * Binance's /api weight a minute (until exchangeInfo's rateLimits say otherwise), of which the
 * candles spend 18% on average
 */
const API_WEIGHT_PER_MINUTE = 6_000;
const CANDLES_SHARE = 0.18;
/** a question's few candles go at once: 20 klines calls */
const CANDLES_BURST = 40;
const KLINES_WEIGHT = 2;

export interface ListedPair {
  symbol: string;
  base: string;
  quote: string;
  /** status TRADING; a halted pair (BREAK, HALT) still has its past candles and its last price */
  trading: boolean;
}

/**
 * Binance's public market data for the price service: the listed pairs (exchangeInfo, weight
 * 20, read daily), every current price in one call (ticker/price, weight 4, kept 30 s) and
 * candles (klines, weight 2). No key; the client paces it within the IP's /api weight, using
 * `weightShare` of it (the accounts' own syncs on the same IP keep the rest), and the candles
 * go at a steady 18% of it, so a long read with its burst stays under a fifth of every minute.
 */
export class BinancePriceSource {
  readonly client: BinanceClient;
  private pairs: { at: number; bySymbol: Map<string, ListedPair> } | null = null;
  private prices: { at: number; quotes: Quote[] } | null = null;
  private readonly candleRate = new SteadyRate(
    API_WEIGHT_PER_MINUTE * CANDLES_SHARE,
    CANDLES_BURST,
  );

  constructor(
    baseUrl: string,
    private readonly deps: AdapterDeps,
    weightShare = 0.3,
  ) {
    this.client = new BinanceClient(BinanceConfig.parse({ baseUrl, weightShare }), null, deps);
  }

  async listed(): Promise<AdapterResult<Map<string, ListedPair>>> {
    if (this.pairs && this.deps.now() - this.pairs.at < SYMBOLS_TTL_MS)
      return ok(this.pairs.bySymbol);
    const r = await this.client.call<{
      rateLimits?: {
        rateLimitType: string;
        interval: string;
        intervalNum: number;
        limit: number;
      }[];
      symbols: { symbol: string; status: string; baseAsset: string; quoteAsset: string }[];
    }>(EP.exchangeInfo, {});
    if (!r.ok) return r;
    // the candles' share of the /api weight the server announces (6,000 a minute on Binance)
    const weight = r.value.rateLimits?.find(
      (l) => l.rateLimitType === "REQUEST_WEIGHT" && l.interval === "MINUTE" && l.intervalNum === 1,
    );
    if (weight) this.candleRate.setRate(weight.limit * CANDLES_SHARE);
    const bySymbol = new Map<string, ListedPair>();
    for (const s of r.value.symbols)
      bySymbol.set(s.symbol, {
        symbol: s.symbol,
        base: s.baseAsset,
        quote: s.quoteAsset,
        trading: s.status === "TRADING",
      });
    this.pairs = { at: this.deps.now(), bySymbol };
    return ok(bySymbol);
  }

  /**
   * Every listed pair's last price, as quotes (source "binance:ticker"). A halted pair's last
   * price is an assumption (source "binance:ticker:halted"): a price graph takes it only where
   * no trading pair reaches the asset.
   */
  async tickers(): Promise<AdapterResult<Quote[]>> {
    const now = this.deps.now();
    if (this.prices && now - this.prices.at < TICKERS_TTL_MS) return ok(this.prices.quotes);
    const listed = await this.listed();
    if (!listed.ok) return listed;
    const r = await this.client.call<{ symbol: string; price: string }[]>(EP.tickers, {});
    if (!r.ok) return r;
    const quotes: Quote[] = [];
    for (const t of r.value) {
      const pair = listed.value.get(t.symbol);
      if (!pair) continue;
      quotes.push({
        base: pair.base,
        quote: pair.quote,
        price: parseAmount(t.price),
        at: now,
        ...(pair.trading
          ? { source: "binance:ticker" }
          : { source: "binance:ticker:halted", assumed: true }),
      });
    }
    this.prices = { at: now, quotes };
    return ok(quotes);
  }

  /**
   * Candles of a pair (weight 2), spent at a steady 18% of the minute's /api weight on average
   * (a burst of 20 calls at once): a rebuild reading years of candles leaves the rest of every
   * minute to the accounts' own syncs on the same IP.
   */
  async klines(
    symbol: string,
    interval: string,
    startTime: number,
    limit: number,
  ): Promise<AdapterResult<Kline[]>> {
    const wait = this.candleRate.take(KLINES_WEIGHT, this.deps.now());
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return readKlines(this.client, symbol, interval, startTime, limit);
  }
}

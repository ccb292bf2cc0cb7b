import type { BinancePriceSource, ListedPair } from "@portfolio/adapters";
import { Dec, type PathStep, PriceGraph, type Quote } from "@portfolio/core";
import { type Db, latestCandles } from "@portfolio/db";
import type { Unavailable, Unreachable } from "./price-answers.js";

const DAY = 86_400_000;

/** the dollar itself: USDT at par with USD, the anchor every dollar price rests on (Binance quotes no USD) */
export const ANCHOR = "USDT";
/** other dollar stablecoins: at par only while no market joins them to the anchor */
const DOLLAR_STABLECOINS = ["USDC", "FDUSD"];
/** the par assumptions at moment `at`: USDT, and each stablecoin in `stables`, at 1 USD */
export function parQuotes(at: number, stables: readonly string[]): Quote[] {
  return [ANCHOR, ...stables].map((s) => ({
    base: s,
    quote: "USD",
    price: new Dec(1),
    at,
    source: "par",
    assumed: true,
  }));
}

/** Today's graph: every pair's ticker, with the par assumptions the markets leave needed. */
export interface Current {
  graph: PriceGraph;
  /** the dollar stablecoins no market joins to USDT, taken at par */
  stables: string[];
}

/** The path an asset is priced along today, and the listed pairs it reads. */
export interface Route {
  steps: PathStep[];
  pairs: ListedPair[];
  /** pairs of the chain's pools on the path ("BASE/QUOTE" both ways), read from D1 only */
  stored: string[];
}

/** the source of the pools the EVM accounts feed (see storeMarketCandles) */
const CHAIN_SOURCES = "uniswap-";
/** a pool's last hourly candle older than this is no price today */
const CHAIN_QUOTE_MAX_AGE_MS = 2 * DAY;
/** how long today's pool quotes are kept, as the tickers are */
const CHAIN_QUOTES_TTL_MS = 30_000;

/**
 * Today's markets: Binance's tickers and the chain's pools (each pool's last hourly close, as
 * the EVM accounts that price with it wrote it to D1), the price graph over them with the par
 * assumptions the markets leave needed, and the path each asset is priced along.
 */
export class Markets {
  private chain: { at: number; quotes: Quote[] } | null = null;
  private built: { tickers: Quote[]; chain: Quote[]; graph: PriceGraph; stables: string[] } | null =
    null;

  constructor(
    private readonly db: Db,
    private readonly source: BinancePriceSource,
  ) {}

  /** Today's graph of every pair's ticker (and the par assumptions), or why there is none for `base`. */
  async current(
    base: string,
    now: number,
  ): Promise<({ ok: true } & Current) | Unavailable | Unreachable> {
    const tickers = await this.source.tickers();
    if (!tickers.ok) return { ok: false, reason: "unavailable", message: tickers.error.message };
    const chain = await this.chainQuotes(now);
    // the graph (and the paths it has searched) stands while its quotes do: the tickers and
    // the pools' quotes are each kept 30 s, so a question within that reuses it
    let built = this.built;
    if (!built || built.tickers !== tickers.value || built.chain !== chain) {
      const quotes = [...tickers.value, ...chain];
      const markets = new PriceGraph(quotes).reachable(ANCHOR);
      const stables = DOLLAR_STABLECOINS.filter((s) => !markets.includes(s));
      built = {
        tickers: tickers.value,
        chain,
        graph: new PriceGraph([...quotes, ...parQuotes(now, stables)]),
        stables,
      };
      this.built = built;
    }
    const { graph, stables } = built;
    if (!graph.reachable(base).includes(ANCHOR))
      return {
        ok: false,
        reason: "unreachable_base",
        base,
        reachable: this.bases(graph, tickers.value),
      };
    return { ok: true, graph, stables };
  }

  /**
   * Today's prices of the chain's pools: each pool's last hourly close, as the EVM accounts
   * that price with it wrote it to D1 (kept 30 s, like the tickers).
   */
  private async chainQuotes(now: number): Promise<Quote[]> {
    if (this.chain && now - this.chain.at < CHAIN_QUOTES_TTL_MS) return this.chain.quotes;
    const latest = await latestCandles(this.db, CHAIN_SOURCES, "1h", now - CHAIN_QUOTE_MAX_AGE_MS);
    const quotes = latest.map((c) => ({
      base: c.base,
      quote: c.quote,
      price: c.close,
      at: c.closeTime,
      source: c.source,
    }));
    this.chain = { at: now, quotes };
    return quotes;
  }

  /** Each asset's path to `base` today and the listed pairs on it; an unpriced asset has none. */
  async routes(
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
      const stored: string[] = [];
      for (const h of path.hops) {
        if (h.source.startsWith(CHAIN_SOURCES)) {
          stored.push(`${h.from}/${h.to}`, `${h.to}/${h.from}`);
          continue;
        }
        const pair = listed.value.get(`${h.from}${h.to}`) ?? listed.value.get(`${h.to}${h.from}`);
        if (pair) pairs.push(pair);
      }
      routes.set(a, {
        // a halted pair's hop is an assumption today, but its past candles are market prices
        steps: path.hops.map((h) => ({
          from: h.from,
          to: h.to,
          assumed: h.source === "par",
          source: h.source.startsWith(CHAIN_SOURCES) ? h.source : "binance",
        })),
        pairs,
        stored,
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

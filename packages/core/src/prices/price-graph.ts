import { Dec } from "../money/decimal.js";

/** One known price: 1 `base` costs `price` `quote`, as `source` said at `at` (epoch ms). */
export interface Quote {
  base: string;
  quote: string;
  price: Dec;
  at: number;
  /** where it came from: "binance:ticker", "binance:kline:1d", "uniswap-v3:0x…", "par" … */
  source: string;
  /**
   * an assumption, not a market price (a stablecoin at par with its currency): used only where
   * no path of market prices exists
   */
  assumed?: boolean;
}

/** One step of a price path: 1 `from` = `price` `to`, from `source` at `at`. */
export interface PriceHop {
  from: string;
  to: string;
  price: Dec;
  source: string;
  at: number;
  assumed: boolean;
}

/** The price of one `asset` in `base` and the quotes it was multiplied from. */
export interface PricedPath {
  asset: string;
  base: string;
  price: Dec;
  hops: PriceHop[];
  /** the oldest quote the price rests on (epoch ms); null for an asset priced in itself */
  asOf: number | null;
  /** how many hops are assumptions (see Quote.assumed) */
  assumed: number;
}

interface Best {
  assumed: number;
  hops: number;
  /** the oldest quote on the path: the newer, the better */
  oldest: number;
  path: PriceHop[];
}

/** `a` is the better path: fewer assumptions, then fewer hops, then fresher quotes. */
function better(a: Best, b: Best | undefined): boolean {
  if (!b) return true;
  if (a.assumed !== b.assumed) return a.assumed < b.assumed;
  if (a.hops !== b.hops) return a.hops < b.hops;
  return a.oldest > b.oldest;
}

/**
 * Prices of any asset in any base through the cheapest path of known pairs (SOL → USDT → EUR):
 * every quote is an edge both ways (1 / price backwards). The cheapest path has the fewest
 * assumptions (a stablecoin at par is used only where no market path exists, so a stablecoin
 * is never taken at par once a market price exists), then the fewest hops, then the freshest
 * oldest quote. An asset with no path is unpriced (null), never zero.
 */
export class PriceGraph {
  /** the hops into each asset, each with its price exactly as quoted (one division at most) */
  private readonly into = new Map<string, PriceHop[]>();

  constructor(quotes: Iterable<Quote>) {
    for (const q of quotes) {
      if (!(q.price.isFinite() && q.price.gt(0)) || q.base === q.quote) continue;
      const assumed = q.assumed === true;
      this.add(q.base, q.quote, q.price, q, assumed);
      this.add(q.quote, q.base, new Dec(1).div(q.price), q, assumed);
    }
  }

  private add(from: string, to: string, price: Dec, q: Quote, assumed: boolean): void {
    const list = this.into.get(to) ?? [];
    list.push({ from, to, price, source: q.source, at: q.at, assumed });
    this.into.set(to, list);
  }

  /** Every asset's cheapest path to `base` (a search from `base` backwards along the hops). */
  private pathsTo(base: string): Map<string, Best> {
    const best = new Map<string, Best>([
      [base, { assumed: 0, hops: 0, oldest: Number.POSITIVE_INFINITY, path: [] }],
    ]);
    const done = new Set<string>();
    for (;;) {
      // the unfinished node with the cheapest path (few nodes: a scan beats a heap here)
      let node: string | null = null;
      for (const [k, v] of best)
        if (!done.has(k) && (node === null || better(v, best.get(node)))) node = k;
      if (node === null) return best;
      done.add(node);
      const here = best.get(node) as Best;
      for (const hop of this.into.get(node) ?? []) {
        const asset = hop.from;
        if (done.has(asset)) continue;
        const candidate: Best = {
          assumed: here.assumed + (hop.assumed ? 1 : 0),
          hops: here.hops + 1,
          oldest: Math.min(here.oldest, hop.at),
          path: [hop, ...here.path],
        };
        if (better(candidate, best.get(asset))) best.set(asset, candidate);
      }
    }
  }

  private cache = new Map<string, Map<string, Best>>();

  private pathsToCached(base: string): Map<string, Best> {
    let paths = this.cache.get(base);
    if (!paths) {
      paths = this.pathsTo(base);
      this.cache.set(base, paths);
    }
    return paths;
  }

  /** The price of one `asset` in `base`, or null when no path of known pairs reaches it. */
  price(asset: string, base: string): PricedPath | null {
    const b = this.pathsToCached(base).get(asset);
    if (!b) return null;
    const price = b.path.reduce((p, h) => p.mul(h.price), new Dec(1));
    return {
      asset,
      base,
      price,
      hops: b.path,
      asOf: b.path.length ? b.oldest : null,
      assumed: b.assumed,
    };
  }

  /** Prices of `assets` in `base`, and the ones no path reaches (listed, never priced at zero). */
  priceAll(
    assets: Iterable<string>,
    base: string,
  ): { prices: Map<string, PricedPath>; unpriced: string[] } {
    const prices = new Map<string, PricedPath>();
    const unpriced: string[] = [];
    for (const a of assets) {
      const p = this.price(a, base);
      if (p) prices.set(a, p);
      else unpriced.push(a);
    }
    return { prices, unpriced: unpriced.sort() };
  }

  /** Every asset `base` can price, itself included, sorted. */
  reachable(base: string): string[] {
    return [...this.pathsToCached(base).keys()].sort();
  }
}

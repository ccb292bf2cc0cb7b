import type { Dec } from "../money/decimal.js";
import type { Quote } from "./price-graph.js";

/** A stored candle of one pair from one source: its close is the pair's price at `closeTime`. */
export interface Candle {
  base: string;
  quote: string;
  source: string;
  /** "1d", "1h" … */
  interval: string;
  /** epoch ms of the candle's last moment */
  closeTime: number;
  close: Dec;
}

/**
 * The quotes a price graph at moment `at` is built from: per pair and source, the last candle
 * closed at or before `at` (a finer interval wins between candles closed at the same moment),
 * and none older than `maxAgeMs` (a pair that stopped trading is no price today).
 */
export function quotesAt(candles: Iterable<Candle>, at: number, maxAgeMs: number): Quote[] {
  const best = new Map<string, Candle>();
  const rank = (i: string) => (i.endsWith("m") ? 0 : i.endsWith("h") ? 1 : 2);
  for (const c of candles) {
    if (c.closeTime > at || at - c.closeTime > maxAgeMs) continue;
    const key = `${c.base}/${c.quote}/${c.source}`;
    const cur = best.get(key);
    if (
      !cur ||
      c.closeTime > cur.closeTime ||
      (c.closeTime === cur.closeTime && rank(c.interval) < rank(cur.interval))
    )
      best.set(key, c);
  }
  return [...best.values()].map((c) => ({
    base: c.base,
    quote: c.quote,
    price: c.close,
    at: c.closeTime,
    source: `${c.source}:${c.interval}`,
  }));
}

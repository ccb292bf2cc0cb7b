import type { Dec } from "../money/decimal.js";

/** A price at a moment: a pool's price after a swap (epoch ms of its block). */
export interface Tick {
  at: number;
  price: Dec;
}

/** A closed candle built from ticks (the columns price_candles stores). */
export interface BuiltCandle {
  interval: string;
  openTime: number;
  closeTime: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
}

/**
 * Candles of `stepMs` from a pool's ticks, for every bucket from the first tick's (or from
 * `from`, when a price `before` it is known) through the last bucket closed by `until`: a price
 * holds until the next swap, so a bucket without a tick is a flat candle at the price carried
 * in, never a gap. Ticks are in time order; a bucket not closed by `until` is left for later.
 */
export function candlesFromTicks(
  ticks: readonly Tick[],
  interval: string,
  stepMs: number,
  until: number,
  carry: { before: Dec; from: number } | null = null,
): BuiltCandle[] {
  const out: BuiltCandle[] = [];
  const first = carry ? carry.from : ticks[0]?.at;
  if (first === undefined) return out;
  let price = carry?.before ?? null;
  let i = 0;
  for (let open = Math.floor(first / stepMs) * stepMs; open + stepMs - 1 <= until; open += stepMs) {
    const close = open + stepMs - 1;
    let o = price;
    let hi = price;
    let lo = price;
    for (; i < ticks.length && (ticks[i] as Tick).at <= close; i++) {
      const p = (ticks[i] as Tick).price;
      if (o === null) o = p;
      hi = hi === null || p.gt(hi) ? p : hi;
      lo = lo === null || p.lt(lo) ? p : lo;
      price = p;
    }
    if (price === null || o === null || hi === null || lo === null) continue;
    out.push({
      interval,
      openTime: open,
      closeTime: close,
      open: o,
      high: hi,
      low: lo,
      close: price,
    });
  }
  return out;
}

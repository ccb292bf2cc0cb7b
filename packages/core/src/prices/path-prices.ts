import { Dec } from "../money/decimal.js";
import type { Candle } from "./quotes-at.js";

/** One step of a path to price along: `from` in `to`, an assumption (par) or a listed pair. */
export interface PathStep {
  from: string;
  to: string;
  /** a par assumption: 1 `from` = 1 `to` at every moment */
  assumed: boolean;
  /** the candles' source to read ("binance", "uniswap-v3:0x…"); any source when absent */
  source?: string;
}

/**
 * The price of one unit of a path's first asset in its last at each of `moments` (epoch ms,
 * ascending): per step, the close of the pair's last candle closed at or before the moment
 * (either way round: 1 / close for the inverse), none older than `maxAgeMs`; null at a moment
 * some step has no such candle for (before the pair was listed, say), never zero. One pass over
 * each pair's candles: O(moments + candles) per step, where a graph per moment is not.
 */
export function pathPrices(
  steps: readonly PathStep[],
  candles: readonly Candle[],
  moments: readonly number[],
  maxAgeMs: number,
): (Dec | null)[] {
  const out: (Dec | null)[] = moments.map(() => new Dec(1));
  for (const step of steps) {
    if (step.assumed) continue;
    const mine = step.source ? candles.filter((c) => c.source === step.source) : candles;
    const forward = mine.filter((c) => c.base === step.from && c.quote === step.to);
    const series = forward.length
      ? forward
      : mine.filter((c) => c.base === step.to && c.quote === step.from);
    const inverse = forward.length === 0;
    const sorted = [...series].sort((a, b) => a.closeTime - b.closeTime);
    let i = -1;
    for (let m = 0; m < moments.length; m++) {
      const at = moments[m] as number;
      while (i + 1 < sorted.length && (sorted[i + 1] as Candle).closeTime <= at) i++;
      const c = sorted[i];
      const acc = out[m];
      if (acc == null) continue;
      if (!c || at - c.closeTime > maxAgeMs || !c.close.gt(0)) {
        out[m] = null;
        continue;
      }
      out[m] = inverse ? acc.div(c.close) : acc.mul(c.close);
    }
  }
  return out;
}

import { maxDrawdown } from "./risk.js";
import { DEFAULT_PERIODS_PER_YEAR, isMissing, type ReturnSeries, std } from "./series.js";

/** The rolling metrics at one period: over the `window` periods ending there. */
export interface RollingPoint {
  /** std (ddof 1) × √periodsPerYear; null under two present returns in the window */
  volatility: number | null;
  /** mean / std (ddof 1) × √periodsPerYear, risk-free 0; null when std is 0 or undefined */
  sharpe: number | null;
  /** the largest fall of the window's own wealth curve (starting at 1); null when none is present */
  maxDrawdown: number | null;
}

/**
 * Volatility, Sharpe and max drawdown over a moving window of `window` periods, one point per
 * period: null until `window` periods have passed (missing and NaN returns count as periods
 * but not as values, as in the whole-period metrics).
 */
export function rollingMetrics(
  r: ReturnSeries,
  window: number,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): RollingPoint[] {
  if (!Number.isInteger(window) || window < 2)
    throw new RangeError("window must be an integer ≥ 2");
  const out: RollingPoint[] = [];
  for (let i = 0; i < r.length; i++) {
    if (i + 1 < window) {
      out.push({ volatility: null, sharpe: null, maxDrawdown: null });
      continue;
    }
    const slice: (number | null)[] = [];
    for (let k = i + 1 - window; k <= i; k++) slice.push(r[k] ?? null);
    const xs = slice.filter((x): x is number => !isMissing(x));
    const sd = xs.length < 2 ? null : std(xs, 1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    out.push({
      volatility: sd === null ? null : sd * Math.sqrt(periodsPerYear),
      sharpe: sd === null || sd === 0 ? null : (mean / sd) * Math.sqrt(periodsPerYear),
      maxDrawdown: maxDrawdown(slice),
    });
  }
  return out;
}

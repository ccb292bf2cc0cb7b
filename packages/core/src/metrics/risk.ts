import {
  DEFAULT_PERIODS_PER_YEAR,
  isMissing,
  mean,
  percentile,
  present,
  type ReturnSeries,
  selectInPlace,
  std,
} from "./series.js";

/** Sample standard deviation (ddof 1) × √periodsPerYear; null under two points. */
export function annualVolatility(
  r: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  const xs = present(r);
  if (xs.length < 2) return null;
  return std(xs, 1) * Math.sqrt(periodsPerYear);
}

/**
 * Downside deviation below a per-period required return, annualised:
 * √(mean(min(rᵢ − required, 0)²)) × √periodsPerYear, the mean over all present periods.
 */
export function downsideRisk(
  r: ReturnSeries,
  opts: { requiredReturn?: number; periodsPerYear?: number } = {},
): number | null {
  const xs = present(r);
  if (xs.length === 0) return null;
  const req = opts.requiredReturn ?? 0;
  let ss = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = Math.min((xs[i] as number) - req, 0);
    ss += d * d;
  }
  return Math.sqrt(ss / xs.length) * Math.sqrt(opts.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR);
}

/**
 * The largest fall from a peak of the wealth curve, as a negative fraction (−0.25 = −25%).
 * The curve starts at 1 before the first return; 0 when it never falls.
 */
export function maxDrawdown(r: ReturnSeries): number | null {
  let any = false;
  // the wealth curve in logs (see logGrowth): a fall is expm1(log − peak log)
  let wealth = 0;
  let peak = 0;
  let worst = 0;
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    if (isMissing(x)) continue;
    any = true;
    wealth = x <= -1 ? Number.NEGATIVE_INFINITY : wealth + Math.log1p(x);
    if (wealth > peak) peak = wealth;
    const dd = Math.expm1(wealth - peak);
    if (dd < worst) worst = dd;
  }
  return any ? worst : null;
}

/** Historical value at risk: the `cutoff` quantile of the returns (linear interpolation). */
export function valueAtRisk(r: ReturnSeries, cutoff = 0.05): number | null {
  const xs = present(r);
  return xs.length === 0 ? null : percentile(xs, cutoff * 100);
}

/**
 * Historical expected shortfall: the mean of the worst ⌊(n − 1) × cutoff⌋ + 1 returns, the same
 * cut as empyrical's conditional_value_at_risk.
 */
export function conditionalValueAtRisk(r: ReturnSeries, cutoff = 0.05): number | null {
  const xs = present(r);
  if (xs.length === 0) return null;
  const k = Math.floor((xs.length - 1) * cutoff);
  selectInPlace(xs, k);
  return mean(xs.subarray(0, k + 1));
}

/** |95th percentile| / |5th percentile| of the returns. */
export function tailRatio(r: ReturnSeries): number | null {
  const xs = present(r);
  if (xs.length === 0) return null;
  const right = Math.abs(percentile(xs, 95));
  const left = Math.abs(percentile(xs, 5));
  if (left === 0) return right === 0 ? null : Number.POSITIVE_INFINITY;
  return right / left;
}

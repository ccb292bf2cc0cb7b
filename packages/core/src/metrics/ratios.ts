import { annualReturn } from "./returns.js";
import { downsideRisk, maxDrawdown } from "./risk.js";
import {
  DEFAULT_PERIODS_PER_YEAR,
  mean,
  present,
  type ReturnSeries,
  safeRatio,
  std,
} from "./series.js";

/**
 * mean(r − rf) / std(r − rf, ddof 1) × √periodsPerYear, rf per period. A zero-variance series
 * is ±Infinity by the sign of its mean (null when the mean is 0 too); null under two points.
 */
export function sharpeRatio(
  r: ReturnSeries,
  opts: { riskFree?: number; periodsPerYear?: number } = {},
): number | null {
  const xs = present(r);
  if (xs.length < 2) return null;
  const rf = opts.riskFree ?? 0;
  for (let i = 0; i < xs.length; i++) xs[i] = (xs[i] as number) - rf;
  const ratio = safeRatio(mean(xs), std(xs, 1));
  return ratio === null ? null : ratio * Math.sqrt(opts.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR);
}

/**
 * mean(r − required) × periodsPerYear / downsideRisk(r, required). No downside at all is
 * +Infinity for a positive mean.
 */
export function sortinoRatio(
  r: ReturnSeries,
  opts: { requiredReturn?: number; periodsPerYear?: number } = {},
): number | null {
  const xs = present(r);
  if (xs.length < 2) return null;
  const ppy = opts.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  const req = opts.requiredReturn ?? 0;
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += (xs[i] as number) - req;
  m /= xs.length;
  return safeRatio(m * ppy, downsideRisk(xs, { requiredReturn: req, periodsPerYear: ppy }) ?? 0);
}

/** annualReturn / |maxDrawdown|; +Infinity for a gain with no drawdown. */
export function calmarRatio(
  r: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  const mdd = maxDrawdown(r);
  const ar = annualReturn(r, periodsPerYear);
  if (mdd === null || ar === null) return null;
  return safeRatio(ar, Math.abs(mdd));
}

/**
 * Σ max(rᵢ − rf − θ, 0) / Σ max(θ + rf − rᵢ, 0), with θ the annual required return turned into a
 * per-period one: (1 + required)^(1/periodsPerYear) − 1.
 */
export function omegaRatio(
  r: ReturnSeries,
  opts: { riskFree?: number; requiredReturn?: number; periodsPerYear?: number } = {},
): number | null {
  const xs = present(r);
  if (xs.length === 0) return null;
  const ppy = opts.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  const req = opts.requiredReturn ?? 0;
  if (req <= -1) return null;
  const threshold = ppy === 1 ? req : (1 + req) ** (1 / ppy) - 1;
  const rf = opts.riskFree ?? 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] as number) - rf - threshold;
    if (d > 0) up += d;
    else down -= d;
  }
  return safeRatio(up, down);
}

/**
 * R² of a straight line fitted to the cumulative log returns: 1 for perfectly steady growth.
 * Null under two points or when the curve is flat (R² undefined).
 */
export function stabilityOfTimeseries(r: ReturnSeries): number | null {
  const xs = present(r);
  const n = xs.length;
  if (n < 2) return null;
  let y = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    y += Math.log1p(xs[i] as number);
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
    syy += y * y;
  }
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  if (vy <= 0) return null;
  return Math.min(1, (cov * cov) / (vx * vy));
}

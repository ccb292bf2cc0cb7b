import { annualReturn } from "./returns.js";
import {
  alignedPairs,
  DEFAULT_PERIODS_PER_YEAR,
  isConstant,
  mean,
  type ReturnSeries,
  safeRatio,
  std,
} from "./series.js";

export interface BenchmarkOptions {
  riskFree?: number;
  periodsPerYear?: number;
}

/**
 * β = cov(r − rf, b − rf) / var(b − rf) over the periods where both are present;
 * α = (1 + mean((r − rf) − β(b − rf)))^periodsPerYear − 1, annualised by compounding.
 * Series must have the same length (align them by date first).
 */
export function alphaBeta(
  r: ReturnSeries,
  b: ReturnSeries,
  opts: BenchmarkOptions = {},
): { alpha: number | null; beta: number | null } {
  const p = alignedPairs(r, b);
  const n = p.r.length;
  if (n < 2) return { alpha: null, beta: null };
  const rf = opts.riskFree ?? 0;
  let mr = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    mr += (p.r[i] as number) - rf;
    mb += (p.b[i] as number) - rf;
  }
  mr /= n;
  mb /= n;
  let cov = 0;
  let varb = 0;
  for (let i = 0; i < n; i++) {
    const db = (p.b[i] as number) - rf - mb;
    cov += db * ((p.r[i] as number) - rf - mr);
    varb += db * db;
  }
  // a benchmark that never moves (not only one at zero) has no beta: its variance is 0 in
  // exact arithmetic, whatever rounding left in varb
  if (varb === 0 || isConstant(p.b)) return { alpha: null, beta: null };
  const beta = cov / varb;
  const alphaPerPeriod = mr - beta * mb;
  return {
    alpha: (1 + alphaPerPeriod) ** (opts.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR) - 1,
    beta,
  };
}

function capture(
  r: ReturnSeries,
  b: ReturnSeries,
  keep: (x: number) => boolean,
  ppy: number,
): number | null {
  const p = alignedPairs(r, b);
  const rs: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < p.b.length; i++) {
    if (keep(p.b[i] as number)) {
      rs.push(p.r[i] as number);
      bs.push(p.b[i] as number);
    }
  }
  if (rs.length === 0) return null;
  const ra = annualReturn(rs, ppy);
  const ba = annualReturn(bs, ppy);
  return ra === null || ba === null ? null : safeRatio(ra, ba);
}

/** annualReturn(r) / annualReturn(b) over the periods where the benchmark rose. */
export function upCapture(
  r: ReturnSeries,
  b: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  return capture(r, b, (x) => x > 0, periodsPerYear);
}

/** annualReturn(r) / annualReturn(b) over the periods where the benchmark fell. */
export function downCapture(
  r: ReturnSeries,
  b: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  return capture(r, b, (x) => x < 0, periodsPerYear);
}

/** upCapture / downCapture. */
export function upDownCapture(
  r: ReturnSeries,
  b: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  const up = upCapture(r, b, periodsPerYear);
  const down = downCapture(r, b, periodsPerYear);
  return up === null || down === null ? null : safeRatio(up, down);
}

function active(r: ReturnSeries, b: ReturnSeries): Float64Array {
  const p = alignedPairs(r, b);
  for (let i = 0; i < p.r.length; i++) p.r[i] = (p.r[i] as number) - (p.b[i] as number);
  return p.r;
}

/** std(r − b, ddof 1) × √periodsPerYear. */
export function trackingError(
  r: ReturnSeries,
  b: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  const a = active(r, b);
  return a.length < 2 ? null : std(a, 1) * Math.sqrt(periodsPerYear);
}

/** Annualised active return over tracking error: mean(r − b) / std(r − b, ddof 1) × √periodsPerYear. */
export function informationRatio(
  r: ReturnSeries,
  b: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  const a = active(r, b);
  if (a.length < 2) return null;
  const ratio = safeRatio(mean(a), std(a, 1));
  return ratio === null ? null : ratio * Math.sqrt(periodsPerYear);
}

/** Pearson correlation over the periods where both are present; null when either is constant. */
export function correlation(r: ReturnSeries, b: ReturnSeries): number | null {
  const p = alignedPairs(r, b);
  const n = p.r.length;
  if (n < 2) return null;
  const mr = mean(p.r);
  const mb = mean(p.b);
  let cov = 0;
  let vr = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const dr = (p.r[i] as number) - mr;
    const db = (p.b[i] as number) - mb;
    cov += dr * db;
    vr += dr * dr;
    vb += db * db;
  }
  if (vr === 0 || vb === 0 || isConstant(p.r) || isConstant(p.b)) return null;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(vr * vb)));
}

/**
 * Shared conventions of the metrics:
 * - a return series holds simple per-period returns (0.01 = 1%); `null` is a missing period,
 *   skipped by statistics and treated as "no change" by compounding;
 * - `periodsPerYear` defaults to 365 (crypto trades every day); 252, 52 and 12 work too;
 * - an undefined answer (too few points, zero variance with zero mean) is `null`, never NaN;
 *   a ratio whose denominator is exactly zero and numerator is not is ±Infinity.
 */
export type ReturnSeries = ArrayLike<number | null>;

export const DEFAULT_PERIODS_PER_YEAR = 365;

export class MetricInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetricInputError";
  }
}

/** A missing period: null, undefined or NaN (NaN is never a value any metric answers with). */
export function isMissing(x: number | null | undefined): x is null | undefined {
  return x == null || Number.isNaN(x);
}

/**
 * Σ ln(1 + rᵢ) over the present periods, the log of the wealth they compound to: sums keep
 * their precision where a product of ten years of losses falls below 1e-16. −Infinity once a
 * period loses everything (rᵢ ≤ −1); null when no period is present.
 */
export function logGrowth(r: ReturnSeries): number | null {
  let s = 0;
  let any = false;
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    if (isMissing(x)) continue;
    any = true;
    if (x <= -1) return Number.NEGATIVE_INFINITY;
    s += Math.log1p(x);
  }
  return any ? s : null;
}

/** The non-missing values, as a Float64Array. */
export function present(r: ReturnSeries): Float64Array {
  let n = 0;
  for (let k = 0; k < r.length; k++) {
    const x = r[k];
    if (x != null && !Number.isNaN(x)) n++;
  }
  const out = new Float64Array(n);
  let i = 0;
  for (let k = 0; k < r.length; k++) {
    const x = r[k];
    if (x != null && !Number.isNaN(x)) out[i++] = x;
  }
  return out;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s / xs.length;
}

/** True when every value is the same: such a series has a standard deviation of exactly 0. */
export function isConstant(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}

/** Standard deviation with `ddof` degrees of freedom (two-pass); exactly 0 for a constant series. */
export function std(xs: ArrayLike<number>, ddof: number): number {
  const n = xs.length;
  if (n - ddof <= 0) return Number.NaN;
  if (isConstant(xs)) return 0;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - ddof));
}

/**
 * Rearranges `a` so that a[k] is the k-th smallest value, everything before it ≤ a[k] and
 * everything after it ≥ a[k] (Hoare's selection with a median-of-three pivot): O(n) on average,
 * where a full sort is O(n log n).
 */
export function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three to a[mid]
    if ((a[mid] as number) < (a[lo] as number)) swap(a, mid, lo);
    if ((a[hi] as number) < (a[lo] as number)) swap(a, hi, lo);
    if ((a[hi] as number) < (a[mid] as number)) swap(a, hi, mid);
    const pivot = a[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/** numpy's default percentile: linear interpolation between closest ranks; q in [0, 100]. */
export function percentile(xs: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(xs);
  const pos = ((a.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  selectInPlace(a, lo);
  const below = a[lo] as number;
  if (pos === lo) return below;
  let above = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < a.length; i++) if ((a[i] as number) < above) above = a[i] as number;
  return below + (above - below) * (pos - lo);
}

/** numerator / denominator where a zero denominator means ±Infinity (or null for 0/0). */
export function safeRatio(numerator: number, denominator: number): number | null {
  if (denominator === 0)
    return numerator === 0
      ? null
      : numerator > 0
        ? Number.POSITIVE_INFINITY
        : Number.NEGATIVE_INFINITY;
  return numerator / denominator;
}

/** Pairs of a series and its benchmark where both are present; lengths must match. */
export function alignedPairs(
  r: ReturnSeries,
  b: ReturnSeries,
): { r: Float64Array; b: Float64Array } {
  if (r.length !== b.length) {
    throw new MetricInputError(
      `returns and benchmark differ in length: ${r.length} vs ${b.length}`,
    );
  }
  let n = 0;
  for (let i = 0; i < r.length; i++) if (!isMissing(r[i]) && !isMissing(b[i])) n++;
  const ra = new Float64Array(n);
  const ba = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    const y = b[i];
    if (!isMissing(x) && !isMissing(y)) {
      ra[j] = x;
      ba[j++] = y;
    }
  }
  return { r: ra, b: ba };
}

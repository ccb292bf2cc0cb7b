import { MetricInputError } from "./series.js";

/** A dated cash flow from the investor's side: negative = paid in, positive = taken out (or final value). */
export interface CashFlow {
  date: string;
  amount: number;
}

const DAY_MS = 86_400_000;

/** Same-day flows summed, zero flows dropped, sorted by date; times in years of 365 days. */
function normalize(flows: readonly CashFlow[]): { t: Float64Array; a: Float64Array } {
  const byDay = new Map<number, number>();
  for (const f of flows) {
    const ms = Date.parse(f.date);
    if (Number.isNaN(ms)) throw new MetricInputError(`not a date: ${f.date}`);
    if (!Number.isFinite(f.amount)) throw new MetricInputError(`not a finite amount: ${f.amount}`);
    const day = Math.floor(ms / DAY_MS);
    byDay.set(day, (byDay.get(day) ?? 0) + f.amount);
  }
  const days = [...byDay].filter(([, a]) => a !== 0).sort((x, y) => x[0] - y[0]);
  const first = days[0]?.[0] ?? 0;
  return {
    t: Float64Array.from(days, ([d]) => (d - first) / 365),
    a: Float64Array.from(days, ([, a]) => a),
  };
}

function npv(rate: number, t: Float64Array, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (a[i] as number) * (1 + rate) ** -(t[i] as number);
  return s;
}

function dnpv(rate: number, t: Float64Array, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i] as number;
    s -= ti * (a[i] as number) * (1 + rate) ** (-ti - 1);
  }
  return s;
}

/** Σ amountᵢ / (1 + rate)^((dateᵢ − earliest date) / 365), actual/365 like Excel's XNPV. */
export function xnpv(rate: number, flows: readonly CashFlow[]): number | null {
  if (rate <= -1) return null;
  const { t, a } = normalize(flows);
  return npv(rate, t, a);
}

export type XirrResult =
  | {
      status: "converged";
      rate: number;
      /**
       * ln(1 + rate), the continuously compounded annual rate: exact where `rate` itself is
       * −1 or Infinity to double precision (half the money lost in a day is rate −1 + 1e-110,
       * logRate −253.0)
       */
      logRate: number;
      method: "newton" | "bisection";
      iterations: number;
      /** other rates that also zero the XNPV (flows that change sign more than once) */
      otherRates?: number[];
    }
  /** money went in and nothing came back: a rate of −100% */
  | { status: "total_loss"; rate: -1 }
  | { status: "no_solution"; rate: null; reason: string };

/** XNPV as a function of x = ln(1 + r): smooth and finite for every rate in (−1, ∞). */
function npvAt(x: number, t: Float64Array, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (a[i] as number) * Math.exp(-x * (t[i] as number));
  return s;
}

/**
 * How far the root search reaches in x = ln(1 + r): far past any rate a double can print, and
 * no further than keeps every discount factor e^(−x·t) finite (|x·t| < 700).
 */
function xLimit(t: Float64Array): number {
  const span = t.length ? (t[t.length - 1] as number) : 0;
  return span > 0 ? Math.min(5_000, 700 / span) : 5_000;
}

/** Bisects npvAt on [lo, hi] (their signs differ) down to the last representable step. */
function bisect(
  lo: number,
  hi: number,
  t: Float64Array,
  a: Float64Array,
): { x: number; iterations: number } {
  let flo = npvAt(lo, t, a);
  let i = 0;
  for (; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    const fm = npvAt(mid, t, a);
    if (fm === 0 || !Number.isFinite(fm)) return { x: mid, iterations: i + 1 };
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return { x: (lo + hi) / 2, iterations: i };
}

/**
 * The root of npvAt nearest x = g: steps out from g on both sides, doubling, until the sign
 * differs from npvAt(g) (up to ±xLimit), then bisects that bracket. Null when none is found.
 */
function nearestRoot(t: Float64Array, a: Float64Array, g: number): number | null {
  const limit = xLimit(t);
  const f0 = npvAt(g, t, a);
  if (f0 === 0) return g;
  for (let d = 0.5; ; d *= 2) {
    const prev = d / 2;
    const done = g - d <= -limit && g + d >= limit;
    for (const side of [1, -1]) {
      const x = Math.max(-limit, Math.min(limit, g + side * d));
      const f = npvAt(x, t, a);
      if (Number.isFinite(f) && f !== 0 && Math.sign(f) !== Math.sign(f0)) {
        const inner = d === 0.5 ? g : Math.max(-limit, Math.min(limit, g + side * prev));
        return side > 0 ? bisect(inner, x, t, a).x : bisect(x, inner, t, a).x;
      }
      if (f === 0) return x;
    }
    if (done) return null;
  }
}

/**
 * The other rates a cash-flow series with several sign changes has, between −99.9999998% and
 * about 4.8 × 10⁸ a year (x = ln(1 + r) in [−20, 20]): a scan of 2,000 cells, each sign change
 * bisected.
 */
function otherRoots(t: Float64Array, a: Float64Array, found: number): number[] {
  const roots: number[] = [];
  const steps = 2_000;
  let px = -20;
  let pf = npvAt(px, t, a);
  for (let k = 1; k <= steps; k++) {
    const x = -20 + (40 * k) / steps;
    const f = npvAt(x, t, a);
    if (
      Number.isFinite(f) &&
      Number.isFinite(pf) &&
      f !== 0 &&
      pf !== 0 &&
      Math.sign(f) !== Math.sign(pf)
    )
      roots.push(bisect(px, x, t, a).x);
    px = x;
    pf = f;
  }
  return roots.filter((y) => Math.abs(y - found) > 1e-9 * Math.max(1, Math.abs(found)));
}

/** How often the flows, in date order, change sign: more than once allows several rates. */
function signChanges(a: Float64Array): number {
  let n = 0;
  for (let i = 1; i < a.length; i++)
    if (Math.sign(a[i] as number) !== Math.sign(a[i - 1] as number)) n++;
  return n;
}

/**
 * The annual rate r with XNPV(r) = 0 (actual/365). Newton's method from 10% first; when it
 * fails or leaves (−1, ∞), the root is bracketed and bisected in x = ln(1 + r), where the
 * XNPV is smooth for every rate, so a loss of most of the money in days (r within 1e-100 of
 * −100%) or a gain of 10⁹ a year and more is found, with `logRate` exact where `rate` cannot
 * be. Flows that change sign more than once may have several rates: all are found, the one
 * nearest the guess answers and the others are listed (`otherRates`). Flows may be unordered
 * and include zeros or several on one day. All-outflow series answer `total_loss` (−1); series
 * with no outflow, or no root, answer `no_solution` with the reason.
 */
export function xirr(flows: readonly CashFlow[], guess = 0.1): XirrResult {
  const { t, a } = normalize(flows);
  if (a.length === 0)
    return { status: "no_solution", rate: null, reason: "no non-zero cash flows" };
  const hasOut = a.some((x) => x < 0);
  const hasIn = a.some((x) => x > 0);
  if (!hasIn) return { status: "total_loss", rate: -1 };
  if (!hasOut) return { status: "no_solution", rate: null, reason: "no money was paid in" };
  let scale = 0;
  for (const x of a) scale = Math.max(scale, Math.abs(x));
  const tolerance = 1e-10 * scale;
  const answer = (x: number, method: "newton" | "bisection", iterations: number): XirrResult => {
    if (signChanges(a) > 1) {
      const others = otherRoots(t, a, x).map(Math.expm1);
      if (others.length)
        return {
          status: "converged",
          rate: Math.expm1(x),
          logRate: x,
          method,
          iterations,
          otherRates: others,
        };
    }
    return { status: "converged", rate: Math.expm1(x), logRate: x, method, iterations };
  };

  let r = guess;
  for (let i = 1; i <= 50; i++) {
    const f = npv(r, t, a);
    if (Math.abs(f) <= tolerance) return answer(Math.log1p(r), "newton", i);
    const d = dnpv(r, t, a);
    if (d === 0 || !Number.isFinite(d)) break;
    const next = r - f / d;
    if (!Number.isFinite(next) || next <= -1) break;
    if (Math.abs(next - r) < 1e-14) return answer(Math.log1p(next), "newton", i);
    r = next;
  }

  // bracketed and bisected in x = ln(1 + r), from the guess outwards
  const x = nearestRoot(t, a, Math.log1p(guess));
  if (x === null)
    return {
      status: "no_solution",
      rate: null,
      reason: "XNPV does not change sign for any rate above −100%",
    };
  return answer(x, "bisection", 0);
}

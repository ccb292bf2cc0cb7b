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
  | { status: "converged"; rate: number; method: "newton" | "bisection"; iterations: number }
  /** money went in and nothing came back: a rate of −100% */
  | { status: "total_loss"; rate: -1 }
  | { status: "no_solution"; rate: null; reason: string };

/**
 * The annual rate r with XNPV(r) = 0 (actual/365). Newton's method from 10%; when it fails to
 * converge or leaves (−1, ∞), a bracketing bisection on ln(1 + r) for r in (−1, 10⁹). Flows may be unordered and
 * include zeros or several on one day. All-outflow series answer `total_loss` (−1); series
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

  let r = guess;
  for (let i = 1; i <= 50; i++) {
    const f = npv(r, t, a);
    if (Math.abs(f) <= tolerance)
      return { status: "converged", rate: r, method: "newton", iterations: i };
    const d = dnpv(r, t, a);
    if (d === 0 || !Number.isFinite(d)) break;
    const next = r - f / d;
    if (!Number.isFinite(next) || next <= -1) break;
    if (Math.abs(next - r) < 1e-14)
      return { status: "converged", rate: next, method: "newton", iterations: i };
    r = next;
  }

  // Bisection on x = ln(1 + r), where XNPV is smooth even for rates close to −100%.
  const f = (x: number) => npv(Math.expm1(x), t, a);
  let lo = -100;
  let hi = Math.log1p(1e9);
  let flo = f(lo);
  if (Math.sign(flo) === Math.sign(f(hi))) {
    return {
      status: "no_solution",
      rate: null,
      reason: "XNPV does not change sign for rates in (−1, 10⁹)",
    };
  }
  for (let i = 1; i <= 200; i++) {
    const mid = (lo + hi) / 2;
    const fm = f(mid);
    if (Math.abs(fm) <= tolerance || hi - lo < 1e-15) {
      return { status: "converged", rate: Math.expm1(mid), method: "bisection", iterations: i };
    }
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return {
    status: "converged",
    rate: Math.expm1((lo + hi) / 2),
    method: "bisection",
    iterations: 200,
  };
}

import { DEFAULT_PERIODS_PER_YEAR, MetricInputError } from "./series.js";

/** One calendar day: the value at the end of the day and the external flows of that day. */
export interface DailyValuation {
  date: string;
  value: number;
  /** money added from outside, counted at the start of the day */
  inflow?: number;
  /** money taken out, counted at the end of the day */
  outflow?: number;
}

export interface TimeWeightedReturn {
  /** Π(1 + rₜ) − 1 over the days */
  twr: number | null;
  /** (1 + twr)^(periodsPerYear / days) − 1 */
  annualized: number | null;
  /** calendar days elapsed from the first date to the last (as annualReturn counts periods) */
  days: number;
  daily: { date: string; return: number | null }[];
}

const DAY_MS = 86_400_000;

/**
 * True time-weighted return as Portfolio Performance's TTWROR computes it: each day
 * rₜ = (MVEₜ + outflowₜ) / (MVEₜ₋₁ + inflowₜ) − 1 (value before the first day is 0), so flows
 * of any size leave the return unchanged. A day with nothing invested has no return (null).
 * Days may be missing: the next present day's return then spans the gap. Annualised over the
 * calendar days elapsed from the first date to the last, from the log of the wealth (precise
 * however small it gets). Under two valuation days there is no return to speak of: null.
 * A value that is not a number (NaN) is a missing day.
 */
export function timeWeightedReturn(
  valuations: readonly DailyValuation[],
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): TimeWeightedReturn {
  const present = valuations.filter((v) => !Number.isNaN(v.value));
  if (present.length === 0) return { twr: null, annualized: null, days: 0, daily: [] };
  let previous = 0;
  let prevDay = Number.NEGATIVE_INFINITY;
  let log = 0;
  let any = false;
  const daily: { date: string; return: number | null }[] = [];
  for (const v of present) {
    const day = Math.floor(Date.parse(v.date) / DAY_MS);
    if (Number.isNaN(day)) throw new MetricInputError(`not a date: ${v.date}`);
    if (day <= prevDay)
      throw new MetricInputError(`valuations must be in date order, one per day: ${v.date}`);
    prevDay = day;
    const start = previous + (v.inflow ?? 0);
    const end = v.value + (v.outflow ?? 0);
    let r: number | null = null;
    if (start > 0) {
      r = end / start - 1;
      log = r <= -1 ? Number.NEGATIVE_INFINITY : log + Math.log1p(r);
      any = true;
    }
    daily.push({ date: v.date, return: r });
    previous = v.value;
  }
  const first = Math.floor(Date.parse((present[0] as DailyValuation).date) / DAY_MS);
  const days = prevDay - first;
  if (present.length < 2) return { twr: null, annualized: null, days, daily };
  const twr = any ? Math.expm1(log) : null;
  const annualized =
    twr === null
      ? null
      : log === Number.NEGATIVE_INFINITY
        ? -1
        : Math.expm1((log * periodsPerYear) / days);
  return { twr, annualized, days, daily };
}

import {
  DEFAULT_PERIODS_PER_YEAR,
  isMissing,
  logGrowth,
  MetricInputError,
  type ReturnSeries,
} from "./series.js";

/**
 * Wealth growth after each period: Π(1 + rᵢ) − 1, a missing period (null or NaN) counting as
 * no change; compounded as a sum of logs, so a long run of losses keeps its precision.
 */
export function cumulativeReturns(r: ReturnSeries): number[] {
  const out = new Array<number>(r.length);
  let log = 0;
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    if (!isMissing(x)) log = x <= -1 ? Number.NEGATIVE_INFINITY : log + Math.log1p(x);
    out[i] = Math.expm1(log);
  }
  return out;
}

/** Π(1 + rᵢ) − 1 over the present periods; null when there are none. */
export function totalReturn(r: ReturnSeries): number | null {
  const log = logGrowth(r);
  return log === null ? null : Math.expm1(log);
}

/**
 * Compound annual growth rate by period count: (1 + total)^(periodsPerYear / n) − 1, where n is
 * the number of periods including missing ones (time passed all the same). A total loss is −1.
 */
export function annualReturn(
  r: ReturnSeries,
  periodsPerYear = DEFAULT_PERIODS_PER_YEAR,
): number | null {
  // from the log of the wealth, not from 1 + total: ten years of losses leave a wealth below
  // 1e-16, which 1 + total cannot hold, and whose annual rate is still far from −100%
  const log = logGrowth(r);
  if (log === null) return null;
  if (log === Number.NEGATIVE_INFINITY) return -1;
  return Math.expm1((log * periodsPerYear) / r.length);
}

export type AggregationPeriod = "weekly" | "monthly" | "quarterly" | "yearly";

function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

function periodKey(d: Date, period: AggregationPeriod): string {
  const y = d.getUTCFullYear();
  switch (period) {
    case "weekly":
      return isoWeekKey(d);
    case "monthly":
      return `${y}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    case "quarterly":
      return `${y}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case "yearly":
      return String(y);
  }
}

/**
 * Compounds returns into calendar periods (ISO weeks, months, quarters, years, in UTC) by the
 * date of each return. Periods appear in date order; a period with only missing returns is null.
 */
export function aggregateReturns(
  r: ReturnSeries,
  dates: readonly string[],
  period: AggregationPeriod,
): { period: string; return: number | null }[] {
  if (r.length !== dates.length)
    throw new MetricInputError(
      `returns and dates differ in length: ${r.length} vs ${dates.length}`,
    );
  const out: { period: string; return: number | null }[] = [];
  let key: string | null = null;
  let wealth = 1;
  let any = false;
  for (let i = 0; i < r.length; i++) {
    const d = new Date(dates[i] as string);
    if (Number.isNaN(d.getTime())) throw new MetricInputError(`not a date: ${dates[i]}`);
    const k = periodKey(d, period);
    if (k !== key) {
      if (key !== null) out.push({ period: key, return: any ? wealth - 1 : null });
      key = k;
      wealth = 1;
      any = false;
    }
    const x = r[i];
    if (x != null) {
      wealth *= 1 + x;
      any = true;
    }
  }
  if (key !== null) out.push({ period: key, return: any ? wealth - 1 : null });
  return out;
}

import { type XirrResult, xirr } from "../metrics/cash-flows.js";
import { type Diversity, diversity } from "../metrics/diversity.js";
import { builtinMetrics, type MetricRegistry } from "../metrics/registry.js";
import { totalReturn } from "../metrics/returns.js";
import { type RollingPoint, rollingMetrics } from "../metrics/rolling.js";
import { DEFAULT_PERIODS_PER_YEAR } from "../metrics/series.js";
import { timeWeightedReturn } from "../metrics/time-weighted-return.js";
import { Dec, formatAmount, parseAmount } from "../money/decimal.js";
import type { DailyPoint } from "./daily-series.js";

export interface PortfolioMetricsInput {
  /** one point per calendar day of the period, from dailySeries */
  days: readonly DailyPoint[];
  /** asset whose price series is the benchmark, or null */
  benchmark: string | null;
  /** values of the current holdings, for diversity */
  holdingValues: readonly number[];
  periodsPerYear?: number;
  custom?: MetricRegistry;
  /** days in the window of the rolling metrics (default 30) */
  rollingWindow?: number;
}

export interface PortfolioMetrics {
  startDate: string | null;
  endDate: string | null;
  /** amounts in the base, as decimal strings summed exactly (ratios below are numbers) */
  startValue: string | null;
  endValue: string | null;
  inflows: string;
  outflows: string;
  /** (end − start − inflows + outflows) / (start + inflows) */
  roi: number | null;
  twr: { total: number | null; annualized: number | null; days: number };
  mwr: XirrResult;
  risk: Record<string, number | null>;
  benchmark: { asset: string; totalReturn: number | null; points: number } | null;
  /** volatility, Sharpe and max drawdown over the `window` days ending at each day */
  rolling: { window: number; points: ({ date: string } & RollingPoint)[] };
  diversity: Diversity | null;
  custom: Record<string, number | null>;
  customErrors: Record<string, string>;
  returns: { date: string; return: number | null }[];
  conventions: Record<string, string | number>;
}

/**
 * Everything the metrics endpoint answers, from a daily series. The period starts at the
 * closing value of its first day with a snapshot; each later day's return is
 * (value + outflow) / (previous value + inflow) − 1 (TTWROR), a day without a snapshot has a
 * missing return and the next day's return spans the gap. Risk metrics use those daily returns
 * with 365 periods a year; the money-weighted return is the XIRR of the start value, the flows
 * and the end value.
 */
export function portfolioMetrics(input: PortfolioMetricsInput): PortfolioMetrics {
  const ppy = input.periodsPerYear ?? DEFAULT_PERIODS_PER_YEAR;
  const rollingWindow = input.rollingWindow ?? 30;
  const present = input.days.filter((d) => d.value !== null);
  const first = present[0];
  const last = present.at(-1);
  const firstIndex = first ? input.days.indexOf(first) : -1;
  const later = firstIndex >= 0 ? input.days.slice(firstIndex + 1) : [];

  // The first day's closing value is the starting capital: an inflow of itself, a return of 0.
  const twr = first
    ? timeWeightedReturn(
        [
          { date: first.date, value: first.value as number, inflow: first.value as number },
          ...later
            .filter((d) => d.value !== null)
            .map((d) => ({
              date: d.date,
              value: d.value as number,
              inflow: d.inflow,
              outflow: d.outflow,
            })),
        ],
        ppy,
      )
    : null;
  const returnByDate = new Map(twr?.daily.slice(1).map((d) => [d.date, d.return]) ?? []);
  const returns = later.map((d) => ({ date: d.date, return: returnByDate.get(d.date) ?? null }));

  let benchPoints = 0;
  let benchSeries: (number | null)[] | null = null;
  if (input.benchmark && first) {
    const asset = input.benchmark;
    let prev = first.prices[asset] ? Number(first.prices[asset]) : null;
    benchSeries = later.map((d) => {
      if (d.value === null) return null;
      const p = d.prices[asset] ? Number(d.prices[asset]) : null;
      const r = p !== null && prev !== null && prev > 0 ? p / prev - 1 : null;
      if (p !== null) prev = p;
      if (r !== null) benchPoints++;
      return r;
    });
  }

  const inflows = later.reduce((s, d) => s + d.inflow, 0);
  const outflows = later.reduce((s, d) => s + d.outflow, 0);
  const startValue = first?.value ?? null;
  const endValue = last?.value ?? null;
  const exactSum = (k: "inflow" | "outflow") =>
    formatAmount(later.reduce((s, d) => s.add(parseAmount(d.exact[k])), new Dec(0)));
  const invested = startValue === null ? 0 : startValue + inflows;
  // one valuation day has no period to return over: null, never 0
  const roi =
    startValue === null || endValue === null || invested <= 0 || present.length < 2
      ? null
      : (endValue - startValue - inflows + outflows) / invested;

  const flows =
    first && last
      ? [
          { date: first.date, amount: -(first.value as number) },
          ...later.flatMap((d) => [
            ...(d.inflow ? [{ date: d.date, amount: -d.inflow }] : []),
            ...(d.outflow ? [{ date: d.date, amount: d.outflow }] : []),
          ]),
          { date: last.date, amount: last.value as number },
        ]
      : [];

  const metricInputs = {
    returns: returns.map((r) => r.return),
    benchmark: benchSeries,
    dates: returns.map((r) => r.date),
    periodsPerYear: ppy,
    riskFree: 0,
    requiredReturn: 0,
  };
  const risk = builtinMetrics().computeAll(metricInputs).values;
  const custom = input.custom?.computeAll(metricInputs) ?? { values: {}, errors: {} };
  const benchReturn = benchSeries ? totalReturn(benchSeries) : null;

  return {
    startDate: first?.date ?? null,
    endDate: last?.date ?? null,
    startValue: first?.exact.value ?? null,
    endValue: last?.exact.value ?? null,
    inflows: exactSum("inflow"),
    outflows: exactSum("outflow"),
    roi,
    twr: { total: twr?.twr ?? null, annualized: twr?.annualized ?? null, days: twr?.days ?? 0 },
    mwr: xirr(flows),
    risk,
    benchmark: input.benchmark
      ? {
          asset: input.benchmark,
          totalReturn: benchReturn,
          points: benchPoints,
        }
      : null,
    rolling: {
      window: rollingWindow,
      points: rollingMetrics(
        returns.map((r) => r.return),
        rollingWindow,
        ppy,
      ).map((p, i) => ({ date: returns[i]?.date as string, ...p })),
    },
    diversity: diversity(input.holdingValues as number[]),
    custom: custom.values,
    customErrors: custom.errors,
    returns,
    conventions: {
      returnFrequency: "daily, UTC calendar days (weekends included)",
      periodsPerYear: ppy,
      twr: "TTWROR: (value + outflow) / (previous value + inflow) − 1 per day, inflows at the start of the day, outflows at the end, chained",
      twrAnnualized: "(1 + twr)^(365 / days elapsed) − 1, from the sum of ln(1 + r)",
      rolling:
        "over the `window` days ending at each day: volatility and Sharpe (risk-free 0) of the present daily returns, max drawdown of the window's own wealth curve; null until the window is full",
      mwr: "XIRR of −start value, −inflows, +outflows, +end value; actual/365",
      roi: "(end − start − inflows + outflows) / (start + inflows)",
      riskFree: 0,
      requiredReturn: 0,
      valueAtRiskCutoff: 0.05,
      volatility: "sample standard deviation (ddof 1) × √periodsPerYear",
      alpha: "annualised by compounding the mean daily alpha",
      externalFlows:
        "deposits and withdrawals; transfers between the owner's own accounts are not flows",
      missingDays: later.filter((d) => d.value === null).length,
      infinity: 'ratios with a zero denominator are the strings "Infinity" or "-Infinity"',
    },
  };
}

import { utcDay } from "./daily-series.js";

export const metricPeriods = ["1d", "7d", "30d", "90d", "ytd", "1y", "all"] as const;
export type MetricPeriod = (typeof metricPeriods)[number];

const LENGTH_DAYS: Record<Exclude<MetricPeriod, "ytd" | "all">, number> = {
  "1d": 1,
  "7d": 7,
  "30d": 30,
  "90d": 90,
  "1y": 365,
};

/**
 * The UTC days a period covers, ending today: n days back from today (so "7d" has 7 daily
 * returns), from 1 January for "ytd", from the first snapshot for "all".
 */
export function periodDays(
  period: MetricPeriod,
  nowMs: number,
  firstSnapshotMs: number | null,
): { fromDay: number; toDay: number } {
  const toDay = utcDay(nowMs);
  if (period === "all")
    return {
      fromDay: firstSnapshotMs === null ? toDay : Math.min(utcDay(firstSnapshotMs), toDay),
      toDay,
    };
  if (period === "ytd") {
    const jan1 = Date.UTC(new Date(nowMs).getUTCFullYear(), 0, 1);
    return { fromDay: utcDay(jan1) - 1, toDay };
  }
  return { fromDay: toDay - LENGTH_DAYS[period], toDay };
}

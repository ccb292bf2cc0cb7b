import { Dec, formatAmount, parseAmount } from "../money/decimal.js";
import type { ExternalFlow } from "./external-flows.js";

/** A portfolio snapshot as stored: value and prices in one base currency. */
export interface SnapshotPoint {
  /** epoch ms */
  timestamp: number;
  value: string;
  /** asset → price of one unit in the snapshot's base */
  prices: Record<string, string>;
}

export interface DailyPoint {
  /** YYYY-MM-DD (UTC) */
  date: string;
  /** value at the last snapshot of the day; null when the day has none */
  value: number | null;
  /** external flows of the day (and of snapshot-less days since the previous point), in the base */
  inflow: number;
  outflow: number;
  prices: Record<string, string>;
  /** the same value and flows exactly, as decimal strings (for the wire; the numbers are for ratios) */
  exact: ExactAmounts;
}

/** A point's value and flows as decimal strings, summed in Decimal. */
export interface ExactAmounts {
  value: string | null;
  inflow: string;
  outflow: string;
}

const DAY_MS = 86_400_000;
export const utcDay = (ms: number) => Math.floor(ms / DAY_MS);
export const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const historyIntervals = ["hour", "day", "week", "month"] as const;
export type HistoryInterval = (typeof historyIntervals)[number];

/** Start (epoch ms, UTC) of the bucket holding `ms`; weeks start on Monday. */
export function bucketStart(ms: number, interval: HistoryInterval): number {
  switch (interval) {
    case "hour":
      return Math.floor(ms / 3_600_000) * 3_600_000;
    case "day":
      return utcDay(ms) * DAY_MS;
    case "week": {
      const day = utcDay(ms);
      const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
      return (day - weekday) * DAY_MS;
    }
    case "month": {
      const d = new Date(ms);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

function nextBucket(start: number, interval: HistoryInterval): number {
  if (interval === "month") {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return start + (interval === "hour" ? 3_600_000 : interval === "day" ? DAY_MS : 7 * DAY_MS);
}

export interface SeriesPoint {
  /** bucket start, ISO-8601 */
  start: string;
  /** value at the last snapshot in the bucket; null when it has none */
  value: number | null;
  /** external flows of the bucket (and of snapshot-less buckets since the previous point), in the base */
  inflow: number;
  outflow: number;
  prices: Record<string, string>;
  exact: ExactAmounts;
}

/**
 * One point per bucket (hour, UTC day, ISO week or month) from `fromMs` to `toMs`: the last
 * snapshot in it and its external flows, each at its own moment's price where the flow carries
 * one (the price service's), else at the bucket snapshot's prices (the latest known before
 * otherwise). Flows in a bucket without a snapshot, and flows after a bucket's last snapshot,
 * are carried to the next bucket that has one, so each return compares values that hold the
 * same money (a deposit at 19:34 is in no value taken at 18:59). Flows of unpriced assets are listed.
 */
export function bucketedSeries(
  snapshots: readonly SnapshotPoint[],
  flows: readonly ExternalFlow[],
  base: string,
  fromMs: number,
  toMs: number,
  interval: HistoryInterval,
): { points: SeriesPoint[]; unpricedFlows: string[] } {
  const lastIn = new Map<number, SnapshotPoint>();
  for (const s of snapshots) {
    const b = bucketStart(s.timestamp, interval);
    const cur = lastIn.get(b);
    if (!cur || s.timestamp >= cur.timestamp) lastIn.set(b, s);
  }
  const flowsIn = new Map<number, ExternalFlow[]>();
  for (const f of flows) {
    const b = bucketStart(f.timestamp, interval);
    flowsIn.set(b, [...(flowsIn.get(b) ?? []), f]);
  }
  const first = bucketStart(fromMs, interval);
  // prices known before the range starts, for flows in its first buckets
  let prices: Record<string, string> = {};
  for (const s of snapshots) if (s.timestamp < first) prices = s.prices;

  const points: SeriesPoint[] = [];
  const unpriced = new Set<string>();
  let carryIn = new Dec(0);
  let carryOut = new Dec(0);
  for (let b = first; b <= toMs; b = nextBucket(b, interval)) {
    const snap = lastIn.get(b);
    if (snap) prices = snap.prices;
    // a flow after the bucket's last snapshot is not in that value yet: it counts at the next
    // point, as a flow of a bucket without any snapshot does
    let lateIn = new Dec(0);
    let lateOut = new Dec(0);
    for (const f of flowsIn.get(b) ?? []) {
      const price =
        f.asset === base
          ? new Dec(1)
          : (f.price ?? (prices[f.asset] ? parseAmount(prices[f.asset]) : null));
      if (price === null) {
        unpriced.add(f.asset);
        continue;
      }
      const v = f.amount.mul(price);
      const late = snap !== undefined && f.timestamp > snap.timestamp;
      if (v.isNeg()) {
        if (late) lateOut = lateOut.sub(v);
        else carryOut = carryOut.sub(v);
      } else if (late) lateIn = lateIn.add(v);
      else carryIn = carryIn.add(v);
    }
    const start = new Date(b).toISOString();
    if (snap) {
      points.push({
        start,
        value: Number(snap.value),
        inflow: carryIn.toNumber(),
        outflow: carryOut.toNumber(),
        prices: snap.prices,
        exact: {
          value: formatAmount(parseAmount(snap.value)),
          inflow: formatAmount(carryIn),
          outflow: formatAmount(carryOut),
        },
      });
      carryIn = lateIn;
      carryOut = lateOut;
    } else {
      points.push({
        start,
        value: null,
        inflow: 0,
        outflow: 0,
        prices,
        exact: { value: null, inflow: "0", outflow: "0" },
      });
    }
  }
  return { points, unpricedFlows: [...unpriced].sort() };
}

/** {@link bucketedSeries} by UTC day, with dates as YYYY-MM-DD, for the daily metrics. */
export function dailySeries(
  snapshots: readonly SnapshotPoint[],
  flows: readonly ExternalFlow[],
  base: string,
  fromDay: number,
  toDay: number,
): { days: DailyPoint[]; unpricedFlows: string[] } {
  const r = bucketedSeries(snapshots, flows, base, fromDay * DAY_MS, toDay * DAY_MS, "day");
  return {
    days: r.points.map(({ start, ...p }) => ({ date: start.slice(0, 10), ...p })),
    unpricedFlows: r.unpricedFlows,
  };
}

/**
 * A snapshot re-expressed in another base through that base's price at the time; null when the
 * snapshot has no price for it (such a moment cannot be valued in that base).
 */
export function rebaseSnapshot(s: SnapshotPoint, from: string, to: string): SnapshotPoint | null {
  if (from === to) return s;
  const pTo = s.prices[to];
  if (!pTo) return null;
  const divisor = parseAmount(pTo);
  if (divisor.isZero()) return null;
  const prices: Record<string, string> = {
    [from]: new Dec(1).div(divisor).toSignificantDigits(20).toFixed(),
  };
  for (const [asset, p] of Object.entries(s.prices)) {
    if (asset !== to) prices[asset] = parseAmount(p).div(divisor).toSignificantDigits(20).toFixed();
  }
  return {
    timestamp: s.timestamp,
    value: parseAmount(s.value).div(divisor).toSignificantDigits(20).toFixed(),
    prices,
  };
}

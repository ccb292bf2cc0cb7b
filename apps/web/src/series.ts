/** A day's time-weighted return, as the metrics route lists them. */
export interface DailyReturn {
  date: string;
  return: number | null;
}

/**
 * Returns compounded by calendar month and year (UTC) from daily returns: a month is
 * Π(1 + rᵢ) − 1 over its days with a return; a month without any is absent (null).
 */
export function calendarReturns(
  daily: readonly DailyReturn[],
): { year: number; months: (number | null)[]; total: number | null }[] {
  const growth = new Map<number, (number | null)[]>();
  for (const d of daily) {
    if (d.return === null || !Number.isFinite(d.return)) continue;
    const year = Number(d.date.slice(0, 4));
    const month = Number(d.date.slice(5, 7)) - 1;
    const months = growth.get(year) ?? Array.from({ length: 12 }, () => null);
    months[month] = (months[month] ?? 1) * (1 + d.return);
    growth.set(year, months);
  }
  return [...growth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, months]) => {
      const present = months.filter((g): g is number => g !== null);
      return {
        year,
        months: months.map((g) => (g === null ? null : g - 1)),
        total: present.length ? present.reduce((w, g) => w * g, 1) - 1 : null,
      };
    });
}

/**
 * The drawdown on each day: how far the wealth compounded from the daily returns stands below
 * its highest point so far (0 at a new high, −0.25 a quarter below it).
 */
export function drawdowns(daily: readonly DailyReturn[]): { date: string; drawdown: number }[] {
  let wealth = 1;
  let peak = 1;
  return daily.map((d) => {
    if (d.return !== null && Number.isFinite(d.return)) wealth *= 1 + d.return;
    peak = Math.max(peak, wealth);
    return { date: d.date, drawdown: wealth / peak - 1 };
  });
}

/** One point of the value history, as the history route answers it. */
export interface HistoryPoint {
  start: string;
  value: string | null;
  inflow: string;
  outflow: string;
}

/**
 * The history with the portfolio's value now as its last point, when now is later than the
 * history's last point: the chart then ends where the "value now" tile stands. Its flows are
 * unknown to the history route, so it marks none.
 */
export function withValueNow(
  points: readonly HistoryPoint[],
  now: { asOf: string; total: string } | null,
): HistoryPoint[] {
  const last = points.at(-1);
  if (!now || (last && Date.parse(last.start) >= Date.parse(now.asOf))) return [...points];
  return [...points, { start: now.asOf, value: now.total, inflow: "0", outflow: "0" }];
}

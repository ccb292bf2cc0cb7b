import { isMissing, MetricInputError, type ReturnSeries } from "./series.js";

export interface DrawdownPeriod {
  /** trough wealth / peak wealth − 1 (negative) */
  depth: number;
  /** index of the peak's period; −1 is the start, before the first return */
  peakIndex: number;
  troughIndex: number;
  /** first period back at or above the peak; null while still under water */
  recoveryIndex: number | null;
  peakDate: string | null;
  troughDate: string | null;
  recoveryDate: string | null;
  /** periods from the peak to the recovery, or to the last period while under water */
  duration: number;
}

export interface DrawdownReport {
  /** the deepest drawdowns, worst first */
  worst: DrawdownPeriod[];
  /** the drawdown the series ends in, or null when it ends at a peak */
  current: DrawdownPeriod | null;
  count: number;
}

/**
 * Every drawdown of the wealth curve (which starts at 1 before the first return; missing periods
 * leave it unchanged), the `top` deepest first, and the one still open at the end.
 */
export function drawdowns(r: ReturnSeries, dates?: readonly string[], top = 5): DrawdownReport {
  if (dates && dates.length !== r.length)
    throw new MetricInputError(
      `returns and dates differ in length: ${r.length} vs ${dates.length}`,
    );
  const dateAt = (i: number | null) => (i === null || i < 0 || !dates ? null : (dates[i] ?? null));
  const all: DrawdownPeriod[] = [];
  // the wealth curve in logs (see logGrowth), so ten years of losses keep their depth
  let wealth = 0;
  let peak = 0;
  let peakIndex = -1;
  let open: { trough: number; troughIndex: number } | null = null;
  const close = (recoveryIndex: number | null, endIndex: number) => {
    if (!open) return;
    all.push({
      depth: Math.expm1(open.trough - peak),
      peakIndex,
      troughIndex: open.troughIndex,
      recoveryIndex,
      peakDate: dateAt(peakIndex),
      troughDate: dateAt(open.troughIndex),
      recoveryDate: dateAt(recoveryIndex),
      duration: endIndex - peakIndex,
    });
    open = null;
  };
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    if (!isMissing(x)) wealth = x <= -1 ? Number.NEGATIVE_INFINITY : wealth + Math.log1p(x);
    if (wealth >= peak) {
      close(i, i);
      peak = wealth;
      peakIndex = i;
    } else if (!open || wealth < open.trough) {
      open = { trough: wealth, troughIndex: i };
    }
  }
  close(null, r.length - 1);
  const current = all.at(-1)?.recoveryIndex === null ? (all.at(-1) ?? null) : null;
  const worst = [...all].sort((a, b) => a.depth - b.depth).slice(0, top);
  return { worst, current, count: all.length };
}

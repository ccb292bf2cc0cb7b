import { describe, expect, it } from "vitest";
import { MetricRegistry } from "../metrics/registry.js";
import { Dec } from "../money/decimal.js";
import { dailySeries, type SnapshotPoint, utcDay } from "./daily-series.js";
import { portfolioMetrics } from "./portfolio-metrics.js";

const D = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const snap = (day: number, hour: number, value: string, btc = "50000"): SnapshotPoint => ({
  timestamp: t0 + day * D + hour * 3_600_000,
  value,
  prices: { BTC: btc },
});

describe("dailySeries", () => {
  it("takes the last snapshot of each day and carries flows of snapshot-less days forward", () => {
    const { days, unpricedFlows } = dailySeries(
      [snap(0, 1, "90"), snap(0, 23, "100"), snap(2, 12, "1300", "55000")],
      [
        { accountId: "a", txId: "1", asset: "USD", amount: new Dec(1000), timestamp: t0 + D + 5 },
        {
          accountId: "a",
          txId: "2",
          asset: "BTC",
          amount: new Dec("0.001"),
          timestamp: t0 + 2 * D + 5,
        },
        { accountId: "a", txId: "3", asset: "XYZ", amount: new Dec(1), timestamp: t0 + 2 * D + 6 },
      ],
      "USD",
      utcDay(t0),
      utcDay(t0) + 2,
    );
    expect(days.map((d) => [d.date, d.value, d.inflow])).toEqual([
      ["2026-01-01", 100, 0],
      ["2026-01-02", null, 0],
      ["2026-01-03", 1300, 1055],
    ]);
    expect(unpricedFlows).toEqual(["XYZ"]);
  });
});

describe("dailySeries and late flows", () => {
  it("counts a flow after a day's last snapshot at the next point, not in that day's return", () => {
    // day 0: 100 at 12:00, then 1000 deposited at 13:00 (in no value of day 0); day 1: 1110 at
    // 12:00, the 100 grown 10% to 110 and the 1000 deposited: day 1's return is
    // (1110 − 1000) / 100 − 1 = 10%, which needs the deposit at day 1, not day 0
    const { days } = dailySeries(
      [snap(0, 12, "100"), snap(1, 12, "1110")],
      [
        {
          accountId: "a",
          txId: "late",
          asset: "USD",
          amount: new Dec(1000),
          timestamp: t0 + 13 * 3_600_000,
        },
      ],
      "USD",
      utcDay(t0),
      utcDay(t0) + 1,
    );
    expect(days.map((d) => [d.date, d.value, d.inflow])).toEqual([
      ["2026-01-01", 100, 0],
      ["2026-01-02", 1110, 1000],
    ]);
  });
});

describe("portfolioMetrics", () => {
  const series = () =>
    dailySeries(
      [
        snap(0, 23, "100", "100"),
        snap(1, 23, "110", "110"),
        snap(2, 23, "1210", "99"),
        snap(3, 23, "1331", "99"),
      ],
      [
        {
          accountId: "a",
          txId: "d",
          asset: "USD",
          amount: new Dec(1000),
          timestamp: t0 + 2 * D + 1,
        },
      ],
      "USD",
      utcDay(t0),
      utcDay(t0) + 3,
    ).days;

  it("chains TWR through a deposit and reports ROI and MWR beside it", () => {
    const m = portfolioMetrics({ days: series(), benchmark: "BTC", holdingValues: [1000, 331] });
    const r3 = 1210 / 1110 - 1;
    expect(m.returns.map((r) => r.return)).toEqual([
      expect.closeTo(0.1, 14),
      expect.closeTo(r3, 14),
      expect.closeTo(0.1, 14),
    ]);
    expect(m.twr.total).toBeCloseTo(1.1 * (1 + r3) * 1.1 - 1, 12);
    // four valuation days: three elapsed
    expect(m.twr.days).toBe(3);
    expect(m.roi).toBeCloseTo((1331 - 100 - 1000) / 1100, 14);
    expect(m.mwr.status).toBe("converged");
    // amounts are decimal strings, summed exactly
    expect(m.startValue).toBe("100");
    expect(m.endValue).toBe("1331");
    expect(m.inflows).toBe("1000");
    expect(m.outflows).toBe("0");
    expect(m.benchmark).toEqual({
      asset: "BTC",
      totalReturn: expect.closeTo(-0.01, 12),
      points: 3,
    });
    expect(m.risk.beta).not.toBeNull();
    expect(m.diversity?.holdings).toBe(2);
  });

  it("serves custom metrics beside the built-in ones", () => {
    const custom = new MetricRegistry().register({
      name: "positiveDays",
      description: "days with a gain",
      compute: (i) => Array.from(i.returns).filter((r) => r !== null && r > 0).length,
    });
    expect(
      portfolioMetrics({ days: series(), benchmark: null, holdingValues: [], custom }).custom,
    ).toEqual({ positiveDays: 3 });
  });

  it("has no ROI or TWR with a single valuation day, rather than 0", () => {
    const one = dailySeries([snap(0, 23, "100", "100")], [], "USD", utcDay(t0), utcDay(t0)).days;
    const m = portfolioMetrics({ days: one, benchmark: null, holdingValues: [] });
    expect(m).toMatchObject({
      startValue: "100",
      endValue: "100",
      roi: null,
      twr: { total: null },
    });
  });

  it("answers nulls, not errors, for a period without snapshots", () => {
    const m = portfolioMetrics({ days: [], benchmark: "BTC", holdingValues: [] });
    expect(m).toMatchObject({
      startValue: null,
      roi: null,
      twr: { total: null },
      mwr: { status: "no_solution" },
      diversity: null,
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MetricInputError } from "./series.js";
import { type DailyValuation, timeWeightedReturn } from "./time-weighted-return.js";

describe("timeWeightedReturn", () => {
  it("chains daily returns with inflows at the start and outflows at the end of the day", () => {
    const r = timeWeightedReturn([
      { date: "2026-01-01", value: 100, inflow: 100 },
      { date: "2026-01-02", value: 110 },
      { date: "2026-01-03", value: 1210, inflow: 1000 },
      { date: "2026-01-04", value: 60, outflow: 1150 },
    ]);
    const d3 = 1210 / 1110 - 1;
    const d4 = (60 + 1150) / 1210 - 1;
    expect(r.daily.map((d) => d.return)).toEqual([
      0,
      expect.closeTo(0.1, 14),
      expect.closeTo(d3, 14),
      expect.closeTo(d4, 14),
    ]);
    expect(r.twr).toBeCloseTo(1.1 * (1 + d3) * (1 + d4) - 1, 14);
    // January 1st to 4th: three days elapsed
    expect(r.days).toBe(3);
  });

  it("annualises over the calendar days elapsed, weekends included, as annualReturn counts periods", () => {
    const r = timeWeightedReturn([
      { date: "2026-01-02", value: 100, inflow: 100 },
      { date: "2026-01-11", value: 101 },
    ]);
    // January 2nd to 11th is nine days (it was counted as ten, one day too many)
    expect(r.days).toBe(9);
    expect(r.annualized).toBeCloseTo(1.01 ** (365 / 9) - 1, 12);
  });

  it("has no return under two valuation days", () => {
    const r = timeWeightedReturn([{ date: "2026-01-02", value: 100, inflow: 100 }]);
    expect(r).toMatchObject({ twr: null, annualized: null });
  });

  it("keeps its precision over ten years of losses, from the log of the wealth", () => {
    // 3,650 days of −1.1%: wealth 0.989^3650 = e^(3650 × ln 0.989) = e^(−40.37) ≈ 2.9e-18,
    // which 1 + twr cannot hold; the annual rate is e^(365 × ln 0.989) − 1 = e^(−4.0372) − 1
    // = −0.982354 (ln 0.989 = −0.0110609), not −100%
    const days: DailyValuation[] = [{ date: "2016-01-01", value: 1, inflow: 1 }];
    let value = 1;
    for (let i = 1; i <= 3650; i++) {
      value *= 0.989;
      days.push({ date: new Date(Date.UTC(2016, 0, 1 + i)).toISOString().slice(0, 10), value });
    }
    const r = timeWeightedReturn(days);
    expect(r.days).toBe(3650);
    expect(r.annualized).toBeCloseTo(-0.982354, 5);
  });

  it("treats a value that is not a number as a missing day", () => {
    const r = timeWeightedReturn([
      { date: "2026-01-01", value: 100, inflow: 100 },
      { date: "2026-01-02", value: Number.NaN },
      { date: "2026-01-03", value: 121 },
    ]);
    // the third day's return spans the gap: 121 / 100 − 1
    expect(r.twr).toBeCloseTo(0.21, 14);
    expect(r.daily.map((d) => d.date)).toEqual(["2026-01-01", "2026-01-03"]);
  });

  it("has no return on a day with nothing invested", () => {
    const r = timeWeightedReturn([
      { date: "2026-01-01", value: 0 },
      { date: "2026-01-02", value: 50, inflow: 50 },
    ]);
    expect(r.daily[0]?.return).toBeNull();
    expect(r.twr).toBe(0);
    expect(timeWeightedReturn([]).twr).toBeNull();
  });

  it("refuses valuations out of date order", () => {
    expect(() =>
      timeWeightedReturn([
        { date: "2026-01-02", value: 1 },
        { date: "2026-01-01", value: 1 },
      ]),
    ).toThrow(MetricInputError);
  });

  it("is unchanged by a flow of any size on a day with zero return (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        fc.double({ min: -0.99, max: 1e9, noNaN: true }),
        (returns, at, flowFactor) => {
          const day = at % returns.length;
          returns[day] = 0;
          const build = (flowAt: number | null, size: number) => {
            const out: DailyValuation[] = [];
            let value = 1000;
            returns.forEach((r, i) => {
              const inflow = i === flowAt && size > 0 ? size : 0;
              const outflow = i === flowAt && size < 0 ? -size : 0;
              value = (value + inflow) * (1 + r) - outflow;
              out.push({
                date: new Date(Date.UTC(2026, 0, 2 + i)).toISOString().slice(0, 10),
                value,
                inflow,
                outflow,
                ...(i === 0 ? { inflow: inflow + 1000 } : {}),
              });
            });
            return out;
          };
          const base = timeWeightedReturn(build(null, 0)).twr as number;
          const valueBefore = build(null, 0)[day - 1]?.value ?? 1000;
          const flow = flowFactor * valueBefore;
          const withFlow = timeWeightedReturn(build(day, flow)).twr as number;
          expect(Math.abs(withFlow - base)).toBeLessThan(1e-9 * Math.max(1, Math.abs(base)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

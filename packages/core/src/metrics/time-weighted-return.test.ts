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
    expect(r.days).toBe(4);
  });

  it("counts every calendar day, weekends included, when annualising", () => {
    const r = timeWeightedReturn([
      { date: "2026-01-02", value: 100, inflow: 100 },
      { date: "2026-01-11", value: 101 },
    ]);
    expect(r.days).toBe(10);
    expect(r.annualized).toBeCloseTo(1.01 ** (365 / 10) - 1, 12);
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

import { describe, expect, it } from "vitest";
import { aggregateReturns, annualReturn, cumulativeReturns, totalReturn } from "./returns.js";
import { MetricInputError } from "./series.js";

describe("cumulative and total returns", () => {
  it("compounds, treating a missing period as no change", () => {
    const c = cumulativeReturns([0.1, -0.1, null, 0.05]);
    expect(c).toEqual([0.1, -0.01, -0.01, 0.0395].map((x) => expect.closeTo(x, 15)));
    expect(totalReturn([0.1, -0.1, null, 0.05])).toBeCloseTo(0.0395, 15);
  });

  it("has no total for an empty or all-missing series, and one element is itself", () => {
    expect(totalReturn([])).toBeNull();
    expect(totalReturn([null, null])).toBeNull();
    expect(totalReturn([0.07])).toBeCloseTo(0.07, 15);
  });
});

describe("annualReturn", () => {
  it("annualises by period count with 365 periods a year by default", () => {
    const daily = 1.1 ** (1 / 365) - 1;
    expect(annualReturn(Array(365).fill(daily))).toBeCloseTo(0.1, 12);
    expect(annualReturn(Array(730).fill(daily))).toBeCloseTo(0.1, 12);
  });

  it("takes 252, 52 and 12 periods a year when told", () => {
    expect(annualReturn(Array(12).fill(0.01), 12)).toBeCloseTo(1.01 ** 12 - 1, 14);
    expect(annualReturn(Array(52).fill(0.002), 52)).toBeCloseTo(1.002 ** 52 - 1, 14);
    expect(annualReturn(Array(126).fill(0.001), 252)).toBeCloseTo(1.001 ** 252 - 1, 12);
  });

  it("counts missing periods as time that passed", () => {
    expect(annualReturn([0.21, null], 1)).toBeCloseTo(0.1, 14);
  });

  it("answers −1 for a total loss and null for no data", () => {
    expect(annualReturn([-1, 0.5])).toBe(-1);
    expect(annualReturn([])).toBeNull();
  });
});

describe("aggregateReturns", () => {
  const dates = ["2025-12-29", "2025-12-31", "2026-01-01", "2026-02-01", "2026-04-01"];
  const r = [0.1, 0.1, 0.1, null, -0.5];

  it("compounds by month and quarter in date order", () => {
    const monthly = aggregateReturns(r, dates, "monthly");
    expect(monthly.map((m) => m.period)).toEqual(["2025-12", "2026-01", "2026-02", "2026-04"]);
    expect(monthly[0]?.return).toBeCloseTo(0.21, 14);
    expect(monthly[2]?.return).toBeNull();
    expect(aggregateReturns(r, dates, "quarterly").map((q) => q.period)).toEqual([
      "2025-Q4",
      "2026-Q1",
      "2026-Q2",
    ]);
  });

  it("uses ISO weeks, which cross the year boundary", () => {
    const weekly = aggregateReturns(r, dates, "weekly");
    expect(weekly[0]).toEqual({ period: "2026-W01", return: expect.closeTo(0.331, 12) });
  });

  it("compounds by year", () => {
    expect(aggregateReturns(r, dates, "yearly").map((y) => y.period)).toEqual(["2025", "2026"]);
  });

  it("refuses dates that do not match the returns", () => {
    expect(() => aggregateReturns(r, dates.slice(1), "monthly")).toThrow(MetricInputError);
  });
});

describe("compounding in logs", () => {
  it("annualises ten years of −1.1% days to −98.2354%, not −100%", () => {
    // 0.989^3650 ≈ 2.9e-18 is below what 1 + total can hold; the annual rate is
    // e^(365 × ln 0.989) − 1 = e^(−4.0372) − 1 = −0.982354 (ln 0.989 = −0.0110609)
    expect(annualReturn(Array(3650).fill(-0.011))).toBeCloseTo(-0.982354, 5);
  });

  it("treats NaN as a missing period, never answering NaN", () => {
    expect(totalReturn([0.1, Number.NaN, 0.1])).toBeCloseTo(0.21, 14);
    expect(cumulativeReturns([0.1, Number.NaN, 0.1])).toEqual(
      [0.1, 0.1, 0.21].map((x) => expect.closeTo(x, 14)),
    );
    expect(totalReturn([Number.NaN])).toBeNull();
  });

  it("stays at −100% once a period loses everything", () => {
    expect(totalReturn([0.5, -1, 0.5])).toBe(-1);
    expect(annualReturn([0.5, -1, 0.5])).toBe(-1);
  });
});

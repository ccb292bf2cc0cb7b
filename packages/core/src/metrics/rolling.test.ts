import { describe, expect, it } from "vitest";
import { rollingMetrics } from "./rolling.js";

describe("rollingMetrics", () => {
  it("computes volatility, Sharpe and drawdown over each window, by hand", () => {
    // window 3 over [1%, −1%, 2%, 0%]:
    // ends at 2%: mean 0.0066667, deviations 0.0033333, −0.0166667, 0.0133333, squares sum
    // 4.6667e-4, ÷ 2 → sd 0.0152753; × √365 = 0.291833; Sharpe 0.0066667 / 0.0152753 × √365
    // = 8.338094; wealth 1.01, 0.9999, 1.019898: the fall from 1.01 to 0.9999 is −1%
    // ends at 0%: mean 0.0033333, the same squares sum (so the same sd), Sharpe 4.169047;
    // wealth 0.99, 1.0098, 1.0098: −1% below the start
    const r = rollingMetrics([0.01, -0.01, 0.02, 0], 3);
    expect(r.slice(0, 2)).toEqual([
      { volatility: null, sharpe: null, maxDrawdown: null },
      { volatility: null, sharpe: null, maxDrawdown: null },
    ]);
    expect(r[2]?.volatility).toBeCloseTo(0.291833, 5);
    expect(r[2]?.sharpe).toBeCloseTo(8.338094, 5);
    expect(r[2]?.maxDrawdown).toBeCloseTo(-0.01, 12);
    expect(r[3]?.volatility).toBeCloseTo(0.291833, 5);
    expect(r[3]?.sharpe).toBeCloseTo(4.169047, 5);
    expect(r[3]?.maxDrawdown).toBeCloseTo(-0.01, 12);
  });

  it("leaves missing and NaN returns out of a window's values, and a flat window has no Sharpe", () => {
    const r = rollingMetrics([0.01, null, Number.NaN, 0.01, 0.01], 3);
    // the window ending at index 3 has one value: no volatility
    expect(r[3]).toMatchObject({ volatility: null, sharpe: null });
    // the one ending at index 4 has two equal values: volatility 0, no Sharpe
    expect(r[4]).toMatchObject({ volatility: 0, sharpe: null, maxDrawdown: 0 });
  });

  it("refuses a window under two periods", () => {
    expect(() => rollingMetrics([0.01], 1)).toThrow(RangeError);
  });
});

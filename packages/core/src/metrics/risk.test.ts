import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  annualVolatility,
  conditionalValueAtRisk,
  downsideRisk,
  maxDrawdown,
  tailRatio,
  valueAtRisk,
} from "./risk.js";

describe("volatility and downside risk", () => {
  it("uses the sample standard deviation (ddof 1), annualised with 365 periods", () => {
    expect(annualVolatility([0.01, -0.01])).toBeCloseTo(Math.sqrt(0.0002) * Math.sqrt(365), 14);
    expect(annualVolatility([0.01, -0.01], 252)).toBeCloseTo(
      Math.sqrt(0.0002) * Math.sqrt(252),
      14,
    );
  });

  it("is exactly zero for a constant series and undefined under two points", () => {
    expect(annualVolatility([0.1, 0.1, 0.1, null, 0.1])).toBe(0);
    expect(annualVolatility([0.1])).toBeNull();
    expect(annualVolatility([null, null])).toBeNull();
  });

  it("measures only the shortfall below the required return", () => {
    expect(downsideRisk([-0.02, 0.02])).toBeCloseTo(Math.sqrt(0.0002) * Math.sqrt(365), 14);
    expect(downsideRisk([0.01, 0.02])).toBe(0);
    expect(downsideRisk([0.01, 0.02], { requiredReturn: 0.015 })).toBeCloseTo(
      Math.sqrt(0.000025 / 2) * Math.sqrt(365),
      14,
    );
    expect(downsideRisk([])).toBeNull();
  });
});

describe("maxDrawdown", () => {
  it("measures from a wealth curve that starts at 1", () => {
    expect(maxDrawdown([0.1, -0.5, 0.2])).toBeCloseTo(-0.5, 15);
    expect(maxDrawdown([-0.1, 0.05])).toBeCloseTo(-0.1, 15);
  });

  it("is 0 without a fall and null without data", () => {
    expect(maxDrawdown([0.01, 0, 0.02])).toBe(0);
    expect(maxDrawdown([null])).toBeNull();
  });

  it("is the worst fall from any earlier peak, found by checking every pair (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.999, max: 10, noNaN: true }), {
          minLength: 1,
          maxLength: 120,
        }),
        (r) => {
          // wealth after each period, starting from 1; every (peak, later trough) pair, O(n²)
          const wealth = [1];
          for (const x of r) wealth.push((wealth.at(-1) as number) * (1 + x));
          let worst = 0;
          for (let i = 0; i < wealth.length; i++)
            for (let j = i + 1; j < wealth.length; j++)
              worst = Math.min(worst, (wealth[j] as number) / (wealth[i] as number) - 1);
          expect(maxDrawdown(r) as number).toBeCloseTo(worst, 12);
        },
      ),
    );
  });
});

describe("tail measures", () => {
  const r = [0.05, -0.05, 0, 0.01, -0.01];

  it("interpolates the value at risk between ranks", () => {
    expect(valueAtRisk(r, 0.25)).toBeCloseTo(-0.01, 15);
    expect(valueAtRisk(r, 0.1)).toBeCloseTo(-0.05 + 0.4 * 0.04, 15);
  });

  it("averages the worst returns for the conditional value at risk", () => {
    expect(conditionalValueAtRisk(r, 0.25)).toBeCloseTo(-0.03, 15);
    expect(conditionalValueAtRisk(r, 0.05)).toBeCloseTo(-0.05, 15);
  });

  it("answers Infinity for a tail ratio with no left tail and null for no data", () => {
    expect(tailRatio([0, 0, 0.1, 0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(tailRatio([])).toBeNull();
    expect(valueAtRisk([])).toBeNull();
    expect(conditionalValueAtRisk([])).toBeNull();
  });
});

describe("maxDrawdown in logs", () => {
  it("measures the depth of ten years of losses and skips NaN", () => {
    // peak at 1.1 after the first day, then 3,650 days of −1.1%: 1 − 0.989^3650 below the peak
    const r = [0.1, Number.NaN, ...Array(3650).fill(-0.011)];
    const dd = maxDrawdown(r);
    // 0.989^3650 ≈ 2.9e-18 of the peak is left: −1 to double precision, never NaN or below
    expect(dd).toBeCloseTo(-1, 12);
    expect(maxDrawdown([0.1, Number.NaN, -0.5])).toBeCloseTo(-0.5, 14);
  });
});

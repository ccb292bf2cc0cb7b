import { describe, expect, it } from "vitest";
import {
  calmarRatio,
  omegaRatio,
  sharpeRatio,
  sortinoRatio,
  stabilityOfTimeseries,
} from "./ratios.js";

describe("sharpeRatio", () => {
  it("is mean over sample std, annualised", () => {
    expect(sharpeRatio([0.01, 0.03])).toBeCloseTo((0.02 / Math.sqrt(0.0002)) * Math.sqrt(365), 12);
    expect(sharpeRatio([0.01, 0.03], { riskFree: 0.01, periodsPerYear: 252 })).toBeCloseTo(
      (0.01 / Math.sqrt(0.0002)) * Math.sqrt(252),
      12,
    );
  });

  it("is +Infinity for a zero-variance positive series, not a huge finite number", () => {
    expect(sharpeRatio(Array(30).fill(0.001))).toBe(Number.POSITIVE_INFINITY);
    expect(sharpeRatio([0.1, 0.1, 0.1])).toBe(Number.POSITIVE_INFINITY);
    expect(sharpeRatio(Array(30).fill(-0.001))).toBe(Number.NEGATIVE_INFINITY);
    expect(sharpeRatio(Array(30).fill(0))).toBeNull();
  });

  it("is null for empty, one-element and all-missing series", () => {
    expect(sharpeRatio([])).toBeNull();
    expect(sharpeRatio([0.02])).toBeNull();
    expect(sharpeRatio([null, null, null])).toBeNull();
  });
});

describe("sortino, calmar, omega, stability", () => {
  it("answers +Infinity when a gaining series has no downside or no drawdown", () => {
    expect(sortinoRatio([0.01, 0.02, 0.03])).toBe(Number.POSITIVE_INFINITY);
    expect(calmarRatio([0.01, 0.02, 0.03])).toBe(Number.POSITIVE_INFINITY);
    expect(omegaRatio([0.01, 0.02])).toBe(Number.POSITIVE_INFINITY);
  });

  it("computes sortino from the mean and the downside deviation", () => {
    const r = [0.02, -0.01];
    expect(sortinoRatio(r)).toBeCloseTo(
      (0.005 * 365) / (Math.sqrt(0.0001 / 2) * Math.sqrt(365)),
      12,
    );
  });

  it("computes calmar as CAGR over the deepest drawdown", () => {
    const r = [0.1, -0.5, 0.2];
    expect(calmarRatio(r, 3)).toBeCloseTo((1.1 * 0.5 * 1.2 - 1) / 0.5, 14);
  });

  it("computes omega around a per-period threshold from the annual required return", () => {
    expect(omegaRatio([0.02, -0.01])).toBeCloseTo(2, 15);
    const th = 1.1 ** (1 / 365) - 1;
    expect(omegaRatio([0.02, -0.01], { requiredReturn: 0.1 })).toBeCloseTo(
      (0.02 - th) / (0.01 + th),
      14,
    );
  });

  it("gives steady growth a stability of 1 and a flat curve none", () => {
    expect(stabilityOfTimeseries(Array(50).fill(0.01))).toBeCloseTo(1, 12);
    expect(stabilityOfTimeseries(Array(50).fill(0))).toBeNull();
    expect(stabilityOfTimeseries([0.01])).toBeNull();
  });
});

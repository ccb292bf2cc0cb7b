import { describe, expect, it } from "vitest";
import {
  alphaBeta,
  correlation,
  downCapture,
  informationRatio,
  trackingError,
  upCapture,
  upDownCapture,
} from "./benchmark.js";
import { MetricInputError } from "./series.js";

const b = [0.01, -0.02, 0.03, -0.01, 0.02];

describe("benchmark comparison", () => {
  it("gives a series against itself β 1, α 0, correlation 1, no tracking error", () => {
    expect(alphaBeta(b, b).beta).toBeCloseTo(1, 14);
    expect(alphaBeta(b, b).alpha).toBeCloseTo(0, 14);
    expect(correlation(b, b)).toBeCloseTo(1, 14);
    expect(trackingError(b, b)).toBe(0);
    expect(informationRatio(b, b)).toBeNull();
  });

  it("finds β 2 for twice the benchmark, and compounds α annually", () => {
    const r = b.map((x) => 2 * x + 0.001);
    const ab = alphaBeta(r, b);
    expect(ab.beta).toBeCloseTo(2, 12);
    expect(ab.alpha).toBeCloseTo(1.001 ** 365 - 1, 10);
  });

  it("captures up and down moves as ratios of annualised returns", () => {
    const r = [0.05, -0.2];
    const bb = [0.1, -0.1];
    expect(upCapture(r, bb, 1)).toBeCloseTo(0.5, 14);
    expect(downCapture(r, bb, 1)).toBeCloseTo(2, 14);
    expect(upDownCapture(r, bb, 1)).toBeCloseTo(0.25, 14);
  });

  it("skips periods missing from either series", () => {
    expect(correlation([0.01, null, 0.03, 0.02], [0.02, 0.5, 0.06, 0.04])).toBeCloseTo(1, 14);
  });

  it("refuses series of different lengths", () => {
    expect(() => alphaBeta([0.01, 0.02], [0.01])).toThrow(MetricInputError);
    expect(() => correlation([0.01], [0.01, 0.02])).toThrow(/differ in length: 1 vs 2/);
  });

  it("has no β or correlation against a constant benchmark", () => {
    expect(alphaBeta(b, [0.01, 0.01, 0.01, 0.01, 0.01])).toEqual({ alpha: null, beta: null });
    expect(correlation(b, [0, 0, 0, 0, 0])).toBeNull();
    expect(upCapture([0.01], [-0.01])).toBeNull();
  });
});

describe("benchmarks that never move, and NaN", () => {
  it("has no beta, alpha or correlation against a constant benchmark that is not zero", () => {
    // 0.1 is not exact in binary: the mean of four 0.1s leaves a rounding residue in the
    // variance, which must not become a beta of some 1e16
    const r = [0.01, 0.03, -0.02, 0.05];
    const flat = [0.1, 0.1, 0.1, 0.1];
    expect(alphaBeta(r, flat)).toEqual({ alpha: null, beta: null });
    expect(correlation(r, flat)).toBeNull();
    expect(correlation(flat, r)).toBeNull();
  });

  it("skips a period where either series is NaN, as a missing one", () => {
    // beta of r = 2b over the three periods both have: exactly 2
    const b = [0.01, Number.NaN, -0.02, 0.03];
    const r = [0.02, 0.5, -0.04, 0.06];
    expect(alphaBeta(r, b).beta).toBeCloseTo(2, 12);
    expect(correlation(r, b)).toBeCloseTo(1, 12);
  });
});

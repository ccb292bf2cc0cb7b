import { describe, expect, it } from "vitest";
import { diversity } from "./diversity.js";
import { builtinMetrics } from "./registry.js";
import { testSeries, testWeights } from "./test-series.js";

// Known answers printed by `python3 tools/metrics-numpy/metrics.py --reference 400` (numpy 2.4),
// which implements the same published definitions independently.
const NUMPY = {
  totalReturn: 0.4236015667910058,
  annualReturn: 0.3802792757190736,
  annualVolatility: 0.3380055275819944,
  downsideRisk: 0.22942091178783328,
  maxDrawdown: -0.17171919429865456,
  valueAtRisk: -0.02821258955837114,
  conditionalValueAtRisk: -0.031135694514852784,
  tailRatio: 1.034847995956609,
  sharpeRatio: 1.1224385118357851,
  sortinoRatio: 1.6536871831555646,
  calmarRatio: 2.2145414627190174,
  omegaRatio: 1.1502229126078722,
  stabilityOfTimeseries: 0.556413916478823,
  alpha: 0.20000191691909874,
  beta: 0.5528168104865938,
  upCapture: 0.0981447949575496,
  downCapture: 0.9427431771771553,
  upDownCapture: 0.10410554786662407,
  trackingError: 0.31965886157365286,
  informationRatio: 0.07193412295271312,
  correlation: 0.5527606203638187,
};

describe("the metric suite against numpy", () => {
  const r = Array.from(testSeries(400));
  const b = Array.from(testSeries(400, 1));
  const { values, errors } = builtinMetrics().computeAll({
    returns: r,
    benchmark: b,
    dates: [],
    periodsPerYear: 365,
    riskFree: 0,
    requiredReturn: 0,
  });

  it.each(Object.entries(NUMPY))("%s agrees to 10 significant digits", (name, expected) => {
    const got = values[name];
    expect(got).not.toBeNull();
    expect(Math.abs(((got as number) - expected) / expected)).toBeLessThan(1e-10);
  });

  it("computes every built-in metric without error", () => {
    expect(errors).toEqual({});
    expect(Object.keys(values).sort()).toEqual(Object.keys(NUMPY).sort());
  });

  it("measures diversity as numpy does", () => {
    const d = diversity(testWeights(100));
    const expected = [
      0.012301963768789432, 81.28783491762832, 0.9693298319210992, 0.015608183683707946,
      0.07798465413436576,
    ];
    const got = [d?.hhi, d?.effectiveHoldings, d?.normalizedEntropy, d?.top1Share, d?.top5Share];
    expect(got).toEqual(expected.map((x) => expect.closeTo(x, 12)));
  });
});

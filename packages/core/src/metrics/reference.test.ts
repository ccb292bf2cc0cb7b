import { describe, expect, it } from "vitest";
import { downCapture, informationRatio, upCapture, upDownCapture } from "./benchmark.js";
import { diversity } from "./diversity.js";
import { builtinMetrics } from "./registry.js";
import { aggregateReturns, cumulativeReturns } from "./returns.js";
import { rollingMetrics } from "./rolling.js";
import { testSeries, testWeights } from "./test-series.js";

// Known answers from a peer library, empyrical-reloaded, printed by
//   EMPYRICAL_SRC=/tmp/empyrical-reloaded/src /usr/bin/python3 tools/metrics-empyrical/reference.py
// (set up as tools/metrics-empyrical/README.md says; its whole output is output.json there):
// empyrical-reloaded 0.5.10-9-gefe6066 (commit efe60664f0abd957074b0751ef82228594a659a5, run
// from source), numpy 1.24.2, pandas 1.5.3, scipy 1.10.1 (Debian 12), Python 3.11.2.
// Arguments as our conventions: annualization=365, risk_free=0, required_return=0.
const EMPYRICAL = {
  totalReturn: 0.42360156679100514, // cum_returns_final
  annualReturn: 0.38027927571907316,
  annualVolatility: 0.3380055275819944,
  downsideRisk: 0.2294209117878333,
  maxDrawdown: -0.17171919429865456,
  valueAtRisk: -0.02821258955837114,
  conditionalValueAtRisk: -0.03113569451485279,
  tailRatio: 1.0348479959566093,
  sharpeRatio: 1.1224385118357851,
  sortinoRatio: 1.6536871831555644,
  calmarRatio: 2.2145414627190148,
  omegaRatio: 1.1502229126078716,
  stabilityOfTimeseries: 0.556413916478822,
  alpha: 0.20000191691909874, // alpha_beta
  beta: 0.5528168104865944,
  // capture() takes only a period name ("daily" is 252), so these are empyrical's up()/down()
  // filters around its annual_return(annualization=365), which is what capture() computes
  upCapture: 0.0981447949575496,
  downCapture: 0.9427431771771553,
  upDownCapture: 0.10410554786662407,
  // empyrical has no tracking error: annual_volatility(r − b, annualization=365)
  trackingError: 0.319658861573653,
};

// empyrical's functions as they are, where they fix what ours leaves as an argument
const EMPYRICAL_AS_IS = {
  upCapture252: 0.18875714089697423, // up_capture(r, b): period "daily", 252 a year
  downCapture252: 0.8765884459053648,
  upDownCapture252: 0.21533154101982332,
  excessSharpe: 0.0037652040803995536, // mean(r − b) / std(r − b, ddof 1), not annualised
};

function expectClose(got: number | null | undefined, expected: number): void {
  expect(got).not.toBeNull();
  expect(Math.abs(((got as number) - expected) / expected)).toBeLessThan(1e-10);
}

const r = Array.from(testSeries(400));
const b = Array.from(testSeries(400, 1));

describe("the metric suite against empyrical-reloaded", () => {
  const { values, errors } = builtinMetrics().computeAll({
    returns: r,
    benchmark: b,
    dates: [],
    periodsPerYear: 365,
    riskFree: 0,
    requiredReturn: 0,
  });

  it.each(Object.entries(EMPYRICAL))("%s agrees to 10 significant digits", (name, expected) => {
    expectClose(values[name], expected);
  });

  it("annualises the information ratio, which empyrical's excess_sharpe does not", () => {
    // ours by design: mean(r − b) / std(r − b) × √periodsPerYear (the registry's description);
    // at one period a year it is excess_sharpe itself
    expectClose(informationRatio(r, b, 1), EMPYRICAL_AS_IS.excessSharpe);
    expectClose(values.informationRatio, EMPYRICAL_AS_IS.excessSharpe * Math.sqrt(365));
  });

  it("captures as empyrical's own up_capture, down_capture and up_down_capture at 252", () => {
    expectClose(upCapture(r, b, 252), EMPYRICAL_AS_IS.upCapture252);
    expectClose(downCapture(r, b, 252), EMPYRICAL_AS_IS.downCapture252);
    expectClose(upDownCapture(r, b, 252), EMPYRICAL_AS_IS.upDownCapture252);
  });

  it("correlates as numpy's corrcoef (empyrical has no correlation)", () => {
    // np.corrcoef(r, b)[0, 1], printed by the same script
    expectClose(values.correlation, 0.5527606203638187);
  });

  it("computes every built-in metric without error", () => {
    expect(errors).toEqual({});
    expect(Object.keys(values).sort()).toEqual(
      [...Object.keys(EMPYRICAL), "informationRatio", "correlation"].sort(),
    );
  });
});

describe("per-period outputs against empyrical-reloaded", () => {
  it("compounds cumulative returns as cum_returns", () => {
    const c = cumulativeReturns(r);
    const expected: Record<number, number> = {
      0: 0.012208573304574921,
      1: 0.023924746720159096,
      99: 0.12587829237287274,
      199: 0.3648159480748261,
      299: 0.47165351403960987,
      399: 0.42360156679100514,
    };
    for (const [i, x] of Object.entries(expected)) expectClose(c[Number(i)], x);
  });

  it("rolls as roll_annual_volatility, roll_sharpe_ratio and roll_max_drawdown", () => {
    // window 30, keyed by the last period of the window
    const rolled = rollingMetrics(r, 30);
    const expected: Record<number, [number, number, number]> = {
      29: [0.34130859249923134, 5.114589973007251, -0.06400637437142823],
      30: [0.34418484801986116, 5.325879078528266, -0.06400637437142823],
      99: [0.3327644169405405, -4.098413800725782, -0.1213278025010934],
      199: [0.3476728670068321, 2.226173064895821, -0.07079963886864081],
      399: [0.3473054715249729, 3.5516800461906786, -0.06695027061630725],
    };
    for (const [i, [vol, sharpe, mdd]] of Object.entries(expected)) {
      const p = rolled[Number(i)];
      expectClose(p?.volatility, vol);
      expectClose(p?.sharpe, sharpe);
      expectClose(p?.maxDrawdown, mdd);
    }
  });

  describe("aggregates by calendar period as aggregate_returns", () => {
    // one return a day from 2024-01-01 (a Monday) to 2025-02-03
    const dates = r.map((_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
    const ours = (period: "weekly" | "monthly" | "quarterly" | "yearly") =>
      Object.fromEntries(aggregateReturns(r, dates, period).map((p) => [p.period, p.return]));

    it.each([
      [
        "monthly" as const,
        {
          "2024-01": 0.17086431526181012,
          "2024-02": 0.10330299881514238,
          "2024-03": -0.10306001363454187,
          "2024-04": -0.008161162289331947,
          "2024-05": 0.030608459584994474,
          "2024-06": 0.12772640257515122,
          "2024-07": 0.00442232796186337,
          "2024-08": -0.1119910046374164,
          "2024-09": 0.10149507990050077,
          "2024-10": 0.08735538759012829,
          "2024-11": 0.026202332435804054,
          "2024-12": -0.10175019375321326,
          "2025-01": 0.04066480238954773,
          "2025-02": 0.040055105342020836,
        },
      ],
      [
        "quarterly" as const,
        {
          "2024-Q1": 0.15868331817992987,
          "2024-Q2": 0.15275910566304596,
          "2024-Q3": -0.0175368157101361,
          "2024-Q4": 0.0023090236284628585,
          "2025-Q1": 0.08234874067499431,
        },
      ],
      ["yearly" as const, { "2024": 0.31528916077750746, "2025": 0.08234874067499431 }],
    ])("%s", (period, expected) => {
      const got = ours(period);
      expect(Object.keys(got)).toEqual(Object.keys(expected));
      for (const [k, x] of Object.entries(expected)) expectClose(got[k], x);
    });

    it("weekly, for the ISO weeks inside one calendar year", () => {
      // empyrical groups by (calendar year, ISO week number), ours by ISO week (documented): the
      // week 2024-12-30…2025-01-05 is our 2025-W01, while empyrical splits it and adds its 2024
      // days to 2024-W01. Those two weeks differ by design; the 56 others agree (five here).
      const got = ours("weekly");
      const expected = {
        "2024-W02": 0.03128449343105033,
        "2024-W26": -0.03236936243325805,
        "2024-W52": 0.028052296736694515,
        "2025-W02": -0.013186118066167873,
        "2025-W06": 0.001902611146038291,
      };
      for (const [k, x] of Object.entries(expected)) expectClose(got[k], x);
    });
  });
});

describe("diversity against numpy and scipy (empyrical has no diversity measures)", () => {
  it("measures concentration as numpy's dot and sort and scipy's entropy do", () => {
    // printed by the same script: p = w / Σw; np.dot(p, p), its inverse,
    // scipy.stats.entropy(w) / ln 100, np.sort(p)[::-1][0] and [:5].sum()
    const d = diversity(testWeights(100));
    expectClose(d?.hhi, 0.012301963768789434);
    expectClose(d?.effectiveHoldings, 81.2878349176283);
    expectClose(d?.normalizedEntropy, 0.969329831921099);
    expectClose(d?.top1Share, 0.015608183683707949);
    expectClose(d?.top5Share, 0.07798465413436576);
  });
});

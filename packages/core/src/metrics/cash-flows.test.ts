import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CashFlow, xirr, xnpv } from "./cash-flows.js";

// Microsoft's documented XIRR/XNPV example: XIRR = 0.373362535, XNPV(9%) = 2086.647602.
const excel: CashFlow[] = [
  { date: "2008-01-01", amount: -10000 },
  { date: "2008-03-01", amount: 2750 },
  { date: "2008-10-30", amount: 4250 },
  { date: "2009-02-15", amount: 3250 },
  { date: "2009-04-01", amount: 2750 },
];

function rate(r: ReturnType<typeof xirr>): number {
  if (r.status !== "converged") throw new Error(`no rate: ${r.status}`);
  return r.rate;
}

describe("xnpv and xirr", () => {
  it("reproduces Excel's documented example", () => {
    expect(xnpv(0.09, excel)).toBeCloseTo(2086.647602, 5);
    expect(rate(xirr(excel))).toBeCloseTo(0.373362535, 8);
  });

  it("gives 10% for −100 paid and 110 back a 365-day year later", () => {
    expect(
      rate(
        xirr([
          { date: "2025-01-01", amount: -100 },
          { date: "2026-01-01", amount: 110 },
        ]),
      ),
    ).toBeCloseTo(0.1, 12);
  });

  it("does not care about order, zero flows or flows split within a day", () => {
    const shuffled = [
      excel[3],
      excel[0],
      { date: "2008-06-01", amount: 0 },
      excel[4],
      excel[2],
      excel[1],
    ] as CashFlow[];
    const split = [
      ...excel.slice(1),
      { date: "2008-01-01T09:00:00Z", amount: -4000 },
      { date: "2008-01-01T17:00:00Z", amount: -6000 },
    ];
    expect(rate(xirr(shuffled))).toBeCloseTo(0.373362535, 8);
    expect(rate(xirr(split))).toBeCloseTo(0.373362535, 8);
  });

  it("answers a total loss as −100%, explicitly", () => {
    expect(
      xirr([
        { date: "2025-01-01", amount: -100 },
        { date: "2025-06-01", amount: 0 },
      ]),
    ).toEqual({ status: "total_loss", rate: -1 });
  });

  it("says why there is no rate when nothing was paid in or nothing flowed", () => {
    expect(xirr([{ date: "2025-01-01", amount: 100 }])).toMatchObject({
      status: "no_solution",
      reason: "no money was paid in",
    });
    expect(xirr([])).toMatchObject({ status: "no_solution" });
  });

  it("falls back to bisection when Newton leaves the domain", () => {
    const r = xirr([
      { date: "2025-01-01", amount: -100 },
      { date: "2026-01-01", amount: 1 },
    ]);
    expect(r).toMatchObject({ status: "converged", method: "bisection" });
    expect(rate(r)).toBeCloseTo(-0.99, 10);
  });

  it("finds a root where XNPV is zero (property)", () => {
    const flow = fc.record({
      day: fc.integer({ min: 1, max: 3000 }),
      amount: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.array(flow, { minLength: 1, maxLength: 20 }),
        (paid, later) => {
          const flows: CashFlow[] = [
            { date: "2020-01-01", amount: -paid },
            ...later.map((f) => ({
              date: new Date(Date.UTC(2020, 0, 1) + f.day * 86_400_000).toISOString(),
              amount: f.amount,
            })),
          ];
          const r = xirr(flows);
          if (r.status !== "converged") return;
          // re-priced at ln(1 + rate), which stays exact where the rate is −1 or Infinity to
          // double precision: Σ amount × e^(−logRate × years), relative to the terms' size
          const t0 = Date.UTC(2020, 0, 1);
          const terms = flows.map(
            (f) =>
              f.amount * Math.exp((-r.logRate * (Date.parse(f.date) - t0)) / (365 * 86_400_000)),
          );
          // a discount factor beyond what a double holds cannot re-price: nothing to check
          if (!terms.every(Number.isFinite)) return;
          const size = terms.reduce((s, x) => s + Math.abs(x), 0);
          const scale = Math.max(paid, ...later.map((f) => Math.abs(f.amount)));
          expect(Math.abs(terms.reduce((s, x) => s + x, 0))).toBeLessThanOrEqual(
            1e-6 * Math.max(size, scale),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("xirr at the edges", () => {
  it("finds the root of a loss in days, where the rate is −100% to double precision", () => {
    // 100 in, 50 back a day later: (1 + r)^(1/365) = 0.5, so ln(1 + r) = 365 × ln 0.5 = −253.0059;
    // r = −1 + e^(−253) is −1 in a double, the log rate is exact
    const r = xirr([
      { date: "2026-01-01", amount: -100 },
      { date: "2026-01-02", amount: 50 },
    ]);
    expect(r).toMatchObject({ status: "converged", rate: -1 });
    expect(r.status === "converged" && r.logRate).toBeCloseTo(365 * Math.log(0.5), 9);
  });

  it("finds a rate above 10⁹ a year instead of answering no solution", () => {
    // 100 in, 200 back a day later: 1 + r = 2^365 ≈ 7.5 × 10¹⁰⁹
    const r = xirr([
      { date: "2026-01-01", amount: -100 },
      { date: "2026-01-02", amount: 200 },
    ]);
    expect(r.status).toBe("converged");
    if (r.status !== "converged") return;
    expect(r.logRate).toBeCloseTo(365 * Math.log(2), 9);
    expect(r.rate / 2 ** 365).toBeCloseTo(1, 9);
  });

  it("says when flows have two rates: both 10% and 20% zero these", () => {
    // −100 now, +230 in a year, −132 in two: with y = 1 + r, −100y² + 230y − 132 = 0 gives
    // y = (230 ± √(52900 − 52800)) / 200 = 1.1 or 1.2 (2026 and 2027 have 365 days each, so
    // the flows sit at t = 1 and t = 2 years exactly)
    const r = xirr([
      { date: "2026-01-01", amount: -100 },
      { date: "2027-01-01", amount: 230 },
      { date: "2028-01-01", amount: -132 },
    ]);
    expect(r.status).toBe("converged");
    if (r.status !== "converged") return;
    expect(r.rate).toBeCloseTo(0.1, 9);
    expect(r.otherRates).toEqual([expect.closeTo(0.2, 9)]);
  });
});

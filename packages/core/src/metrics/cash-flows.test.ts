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
          // a rate within 1e-9 of −100% cannot be written precisely enough in a double to re-price
          if (r.status !== "converged" || r.rate < -1 + 1e-9) return;
          const scale = Math.max(paid, ...later.map((f) => Math.abs(f.amount)));
          expect(Math.abs(xnpv(r.rate, flows) as number)).toBeLessThan(1e-6 * scale);
        },
      ),
      { numRuns: 300 },
    );
  });
});

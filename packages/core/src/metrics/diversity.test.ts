import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diversity } from "./diversity.js";
import { MetricInputError } from "./series.js";

describe("diversity", () => {
  it("calls one holding fully concentrated", () => {
    expect(diversity([0, 5, 0])).toEqual({
      holdings: 1,
      hhi: 1,
      effectiveHoldings: 1,
      normalizedEntropy: 0,
      top1Share: 1,
      top5Share: 1,
    });
  });

  it("calls equal weights fully diverse", () => {
    const r = diversity([2, 2, 2, 2]);
    expect(r?.hhi).toBeCloseTo(0.25, 15);
    expect(r?.effectiveHoldings).toBeCloseTo(4, 14);
    expect(r?.normalizedEntropy).toBeCloseTo(1, 14);
    expect(r?.top1Share).toBeCloseTo(0.25, 15);
  });

  it("has nothing to say about no holdings and refuses negative weights", () => {
    expect(diversity([])).toBeNull();
    expect(diversity([0, 0])).toBeNull();
    expect(() => diversity([1, -1])).toThrow(MetricInputError);
  });

  it("stays within its bounds (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (ws) => {
          const r = diversity(ws);
          if (!r) return;
          const n = r.holdings;
          expect(r.hhi).toBeGreaterThanOrEqual(1 / n - 1e-12);
          expect(r.hhi).toBeLessThanOrEqual(1 + 1e-12);
          expect(r.normalizedEntropy).toBeGreaterThanOrEqual(0);
          expect(r.normalizedEntropy).toBeLessThanOrEqual(1);
          expect(r.top1Share).toBeLessThanOrEqual(r.top5Share + 1e-12);
          expect(r.top5Share).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

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

  it("depends on the shares only: scaling or reordering the weights changes nothing (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 1000 }),
        (ws, k) => {
          const r = diversity(ws);
          if (!r) return;
          const scaled = diversity(ws.map((w) => w * k));
          const reversed = diversity([...ws].reverse());
          for (const other of [scaled, reversed]) {
            expect(other?.holdings).toBe(r.holdings);
            for (const key of ["hhi", "normalizedEntropy", "top1Share", "top5Share"] as const)
              expect(other?.[key]).toBeCloseTo(r[key], 12);
          }
        },
      ),
    );
  });

  it("matches a hand count for n equal holdings beside one of m times their size (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), (n, m) => {
        // shares: m/(n+m) once and 1/(n+m) n times
        const r = diversity([m, ...Array.from({ length: n }, () => 1)]);
        const t = n + m;
        const hhi = (m * m + n) / (t * t);
        const entropy = -((m / t) * Math.log(m / t) + n * (1 / t) * Math.log(1 / t));
        expect(r?.holdings).toBe(n + 1);
        expect(r?.hhi).toBeCloseTo(hhi, 14);
        expect(r?.normalizedEntropy).toBeCloseTo(entropy / Math.log(n + 1), 12);
        expect(r?.top1Share).toBeCloseTo(Math.max(m, 1) / t, 14);
        expect(r?.top5Share).toBeCloseTo((m + Math.min(4, n)) / t, 14);
      }),
    );
  });
});

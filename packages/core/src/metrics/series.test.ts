import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile, selectInPlace } from "./series.js";

describe("selection and percentiles", () => {
  it("puts the k-th smallest value at k with smaller values before it (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (xs, kk) => {
          const a = Float64Array.from(xs);
          const k = kk % a.length;
          selectInPlace(a, k);
          const sorted = Float64Array.from(xs).sort();
          // equal as numbers: selection, like every comparison, does not tell −0 from +0
          expect(a[k] === sorted[k]).toBe(true);
          for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k] as number);
          for (let i = k + 1; i < a.length; i++)
            expect(a[i]).toBeGreaterThanOrEqual(a[k] as number);
        },
      ),
    );
  });

  it("interpolates like numpy", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 4, 2, 3], 10)).toBeCloseTo(1.4, 15);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([3, 3, 3, 1], 100)).toBe(3);
  });
});

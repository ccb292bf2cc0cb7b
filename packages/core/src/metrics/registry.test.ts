import { describe, expect, it } from "vitest";
import { builtinMetrics, type MetricInputs, MetricRegistry } from "./registry.js";
import { MetricInputError } from "./series.js";

const inputs: MetricInputs = {
  returns: [0.01, -0.02, 0.03],
  benchmark: null,
  dates: ["2026-01-01", "2026-01-02", "2026-01-03"],
  periodsPerYear: 365,
  riskFree: 0,
  requiredReturn: 0,
};

describe("MetricRegistry", () => {
  it("computes a user's own metric beside the built-in ones", () => {
    const custom = new MetricRegistry().register({
      name: "bestPeriod",
      description: "the best single-period return",
      compute: (i) => Math.max(...Array.from(i.returns, (x) => x ?? Number.NEGATIVE_INFINITY)),
    });
    expect(custom.computeAll(inputs).values).toEqual({ bestPeriod: 0.03 });
    expect(builtinMetrics().has("sharpeRatio")).toBe(true);
  });

  it("refuses a duplicate or badly named metric", () => {
    const reg = new MetricRegistry().register({ name: "x", description: "", compute: () => 1 });
    expect(() => reg.register({ name: "x", description: "", compute: () => 2 })).toThrow(
      MetricInputError,
    );
    expect(() => reg.register({ name: "Not OK", description: "", compute: () => 2 })).toThrow(
      MetricInputError,
    );
  });

  it("reports a failing metric as null with its error, and benchmark metrics as null without one", () => {
    const reg = new MetricRegistry().register({
      name: "broken",
      description: "",
      compute: () => {
        throw new Error("boom");
      },
    });
    expect(reg.computeAll(inputs)).toEqual({
      values: { broken: null },
      errors: { broken: "boom" },
    });
    expect(builtinMetrics().computeAll(inputs).values.beta).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { drawdowns } from "./drawdowns.js";

const dates = ["d0", "d1", "d2", "d3", "d4"];

describe("drawdowns", () => {
  it("reports depth, peak, trough, recovery and duration, worst first, and the open one", () => {
    const r = drawdowns([0.1, -0.5, 0.2, 1.0, -0.1], dates);
    expect(r.count).toBe(2);
    expect(r.worst[0]).toMatchObject({
      depth: expect.closeTo(-0.5, 14),
      peakDate: "d0",
      troughDate: "d1",
      recoveryDate: "d3",
      duration: 3,
    });
    expect(r.current).toMatchObject({
      depth: expect.closeTo(-0.1, 14),
      peakDate: "d3",
      recoveryDate: null,
      duration: 1,
    });
  });

  it("dates a drawdown from the start when the first return is a loss", () => {
    const r = drawdowns([-0.2, 0.3], ["a", "b"]);
    expect(r.worst[0]).toMatchObject({
      peakIndex: -1,
      peakDate: null,
      troughDate: "a",
      recoveryDate: "b",
    });
    expect(r.current).toBeNull();
  });

  it("reports nothing for a series that never falls", () => {
    expect(drawdowns([0.01, 0.02])).toEqual({ worst: [], current: null, count: 0 });
    expect(drawdowns([])).toEqual({ worst: [], current: null, count: 0 });
  });
});

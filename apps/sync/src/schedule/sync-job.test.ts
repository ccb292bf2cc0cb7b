import { describe, expect, it } from "vitest";
import { QUIET_MAX_INTERVAL_MS, quietInterval } from "./sync-job.js";

describe("quietInterval", () => {
  it("doubles a 30 s interval for each quiet sync, up to 10 minutes", () => {
    const s = (runs: number) => quietInterval(30_000, runs) / 1000;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(s)).toEqual([30, 60, 120, 240, 480, 600, 600, 600]);
    expect(QUIET_MAX_INTERVAL_MS).toBe(600_000);
  });

  it("never waits less than an interval longer than the cap", () => {
    expect(quietInterval(3_600_000, 0)).toBe(3_600_000);
    expect(quietInterval(3_600_000, 7)).toBe(3_600_000);
  });
});

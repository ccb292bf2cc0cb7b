import { describe, expect, it } from "vitest";
import { SteadyRate } from "./steady-rate.js";

describe("SteadyRate", () => {
  it("sends a burst at once, then spaces the rest at the rate", () => {
    // 1,200 weight a minute is 50 ms per weight; a burst of 10 weight
    const rate = new SteadyRate(1_200, 10);
    // five klines of weight 2 fill the burst: no wait
    expect([0, 0, 0, 0, 0].map(() => rate.take(2, 0))).toEqual([0, 0, 0, 0, 0]);
    // the sixth is 2 weight past the burst: 2 × 50 ms; the seventh 4 × 50 ms
    expect(rate.take(2, 0)).toBe(100);
    expect(rate.take(2, 0)).toBe(200);
  });

  it("refills with time: after a quiet second, 20 weight's worth is back (capped at the burst)", () => {
    const rate = new SteadyRate(1_200, 10);
    for (let i = 0; i < 5; i++) rate.take(2, 0);
    // 1 s later the bucket booked until 500 ms is empty: a burst of 10 again
    expect(rate.take(10, 1_000)).toBe(0);
    expect(rate.take(2, 1_000)).toBe(100);
  });

  it("takes a new rate from the next booking on", () => {
    const rate = new SteadyRate(1_200, 0);
    // 6,000 a minute is 10 ms per weight: 2 weight past an empty burst waits 20 ms
    rate.setRate(6_000);
    expect(rate.take(2, 0)).toBe(20);
  });
});

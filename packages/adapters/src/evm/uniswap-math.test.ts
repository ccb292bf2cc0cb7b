import { describe, expect, it } from "vitest";
import {
  MAX_TICK,
  MIN_TICK,
  positionAmounts,
  sqrtRatioAtTick,
  v2Underlying,
} from "./uniswap-math.js";

describe("Uniswap math", () => {
  it("matches TickMath's published bounds and tick 0", () => {
    expect(sqrtRatioAtTick(MIN_TICK)).toBe(4295128739n);
    expect(sqrtRatioAtTick(MAX_TICK)).toBe(1461446703485210103287273052203988822378723970342n);
    expect(sqrtRatioAtTick(0)).toBe(2n ** 96n);
  });

  it("puts a position wholly in token0 below its range and in token1 above it", () => {
    const L = 10n ** 18n;
    expect(positionAmounts(sqrtRatioAtTick(-120), -60, 60, L).amount1).toBe(0n);
    expect(positionAmounts(sqrtRatioAtTick(120), -60, 60, L).amount0).toBe(0n);
    const mid = positionAmounts(sqrtRatioAtTick(0), -60, 60, L);
    expect(mid.amount0 > 0n && mid.amount1 > 0n).toBe(true);
  });

  it("splits a V2 pair's reserves by LP share", () => {
    expect(v2Underlying(25n, 100n, 1000n, 4000n)).toEqual({ amount0: 250n, amount1: 1000n });
    expect(v2Underlying(1n, 0n, 5n, 5n)).toEqual({ amount0: 0n, amount1: 0n });
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles per attempt within [half, full] of the nominal delay", () => {
    expect(backoffDelay(1, 0)).toBe(2_500);
    expect(backoffDelay(1, 1)).toBe(5_000);
    expect(backoffDelay(3, 0)).toBe(10_000);
    expect(backoffDelay(3, 1)).toBe(20_000);
  });

  it("caps at the policy maximum", () => {
    expect(backoffDelay(40, 1)).toBe(15 * 60_000);
  });

  it("never retries sooner than the platform's Retry-After", () => {
    expect(backoffDelay(1, 0, undefined, 60_000)).toBe(60_000);
  });
});

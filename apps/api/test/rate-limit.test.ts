import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { testApiTokens } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";
import { app } from "../src/app.js";
import { BINDING_EVERY } from "../src/middleware/rate-limit.js";

// The limit is 1200 a minute per key in tests: exceeding it over HTTP would cost the suite
// seconds and every other test of the key its budget. So the real app is called in this file
// alone with the limit (and the binding) of a test environment of its own; nothing else in
// this file uses these keys.

async function request(token: keyof typeof testApiTokens, overrides: Partial<Env>) {
  const ctx = createExecutionContext();
  const res = await app.request(
    "https://api.test/v1/accounts",
    { headers: { authorization: `Bearer ${testApiTokens[token]}` } },
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function firstRefusal(
  token: keyof typeof testApiTokens,
  overrides: Partial<Env>,
  max: number,
) {
  for (let i = 0; i < max; i++) {
    const res = await request(token, overrides);
    if (res.status === 429) return res;
    expect(res.status).toBe(200);
  }
  throw new Error(`no 429 within ${max} requests`);
}

/** A rate-limiting binding that answers `success` and counts how often it was asked. */
function stubBinding(success: boolean) {
  const stub = {
    asked: 0,
    binding: {
      limit: async () => {
        stub.asked++;
        return { success };
      },
    } as unknown as RateLimit,
  };
  return stub;
}

describe("the per-key rate limit", () => {
  it("answers 429 with Retry-After once a key is over its limit in the isolate", async () => {
    const res = await firstRefusal(
      "read",
      { RATE_LIMIT_PER_MINUTE: "2" as Env["RATE_LIMIT_PER_MINUTE"] },
      3,
    );
    const seconds = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    const body = (await res.json()) as { error: { code: string; details: Record<string, number> } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details).toEqual({ limitPerMinute: 2, retryAfterSeconds: seconds });
  });

  it("asks the rate-limiting binding at every BINDING_EVERYth request of a key, and no other", async () => {
    const counting = stubBinding(true);
    const overrides = { KEY_RATE_LIMIT: counting.binding };
    for (let i = 0; i < 2 * BINDING_EVERY - 1; i++)
      expect((await request("other", overrides)).status).toBe(200);
    expect(counting.asked).toBe(1);
    expect((await request("other", overrides)).status).toBe(200);
    expect(counting.asked).toBe(2);
  });

  it("answers 429 with Retry-After from the request after the binding says the key is over", async () => {
    const refusing = stubBinding(false);
    // the BINDING_EVERYth request asks the binding; its refusal applies from the next one
    const res = await firstRefusal(
      "trade",
      { KEY_RATE_LIMIT: refusing.binding },
      BINDING_EVERY + 1,
    );
    expect(refusing.asked).toBe(1);
    const seconds = Number(res.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
  });
});

import { DomainError } from "@portfolio/core";
import { HTTPException } from "hono/http-exception";
import { afterEach, describe, expect, it, vi } from "vitest";
import { testApp } from "../middleware/test-app.js";
import { ApiError } from "./api-error.js";
import { errorAnswer } from "./on-error.js";

afterEach(() => vi.restoreAllMocks());

/** An error as Durable Objects' infrastructure throws it at the caller (flags per Cloudflare's
 * error-handling page: `overloaded`, `retryable`, and `remote` for one thrown by the object). */
function runtimeError(flags: { overloaded?: boolean; retryable?: boolean; remote?: boolean }) {
  return Object.assign(new Error("Durable Object is overloaded. Too many requests queued."), flags);
}

describe("the error envelope", () => {
  it("answers an ApiError with its code, status, details and headers", async () => {
    const app = testApp();
    app.get("/", () => {
      throw new ApiError("RATE_LIMITED", "slow down", { limit: 1200 }, { "Retry-After": "7" });
    });
    const r = await app.request("/", { headers: { "x-request-id": "req-429" } });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(await r.json()).toEqual({
      error: {
        code: "RATE_LIMITED",
        message: "slow down",
        requestId: "req-429",
        details: { limit: 1200 },
      },
    });
  });

  it("answers a domain error as 400 VALIDATION_FAILED", () => {
    const a = errorAnswer(
      new DomainError("INVALID_AMOUNT", "amount has 41 significant digits"),
      "r",
    );
    expect(a.status).toBe(400);
    expect(a.envelope.error).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "amount has 41 significant digits",
    });
  });

  it("keeps the status of an HTTPException from another layer (415 from the validator)", () => {
    const a = errorAnswer(new HTTPException(415, { message: "not JSON" }), "r");
    expect(a.status).toBe(415);
    expect(a.envelope.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers anything else as 500 without its message, and logs it with the request id", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const a = errorAnswer(new Error("D1_ERROR: secret table name"), "req-500");
    expect(a.status).toBe(500);
    expect(a.envelope).toEqual({
      error: { code: "INTERNAL", message: "internal error", requestId: "req-500" },
    });
    expect(String(log.mock.calls[0]?.[0])).toContain('"requestId":"req-500"');
  });

  it("answers 503 with a long Retry-After when the account's object is overloaded", () => {
    const a = errorAnswer(runtimeError({ overloaded: true }), "r");
    expect(a.status).toBe(503);
    expect(a.envelope.error.code).toBe("UNAVAILABLE");
    expect(a.headers).toEqual({ "Retry-After": "5" });
  });

  it("answers 503 with a short Retry-After when the runtime's retries were spent", () => {
    const a = errorAnswer(runtimeError({ retryable: true }), "r");
    expect(a.status).toBe(503);
    expect(a.headers).toEqual({ "Retry-After": "1" });
  });

  it("answers 500 for an error thrown inside the object, even one marked retryable", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const a = errorAnswer(runtimeError({ retryable: true, remote: true }), "r");
    expect(a.status).toBe(500);
  });
});

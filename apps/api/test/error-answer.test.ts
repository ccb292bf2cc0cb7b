import { describe, expect, it } from "vitest";
import { errorAnswer } from "../src/errors/on-error.js";

/** An error as Durable Objects' infrastructure throws it at the caller (flags per Cloudflare's
 * error-handling page: `overloaded`, `retryable`, and `remote` for one thrown by the object). */
function runtimeError(flags: { overloaded?: boolean; retryable?: boolean; remote?: boolean }) {
  return Object.assign(new Error("Durable Object is overloaded. Too many requests queued."), flags);
}

describe("an error of the account object's runtime", () => {
  it("answers 503 with a long Retry-After when the object is overloaded", () => {
    const a = errorAnswer(runtimeError({ overloaded: true }), "req_1");
    expect(a.status).toBe(503);
    expect(a.envelope.error.code).toBe("UNAVAILABLE");
    expect(a.headers).toEqual({ "Retry-After": "5" });
  });

  it("answers 503 with a short Retry-After when the runtime's retries were spent", () => {
    const a = errorAnswer(runtimeError({ retryable: true }), "req_2");
    expect(a.status).toBe(503);
    expect(a.headers).toEqual({ "Retry-After": "1" });
  });

  it("answers 500 without internals for an error thrown inside the object", () => {
    const a = errorAnswer(runtimeError({ retryable: true, remote: true }), "req_3");
    expect(a.status).toBe(500);
    expect(a.envelope.error).toEqual({
      code: "INTERNAL",
      message: "internal error",
      requestId: "req_3",
    });
  });
});

import { DomainError, type JsonObject, toJson } from "@portfolio/core";
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { HonoEnv } from "../hono-env.js";
import {
  ApiError,
  codeToStatus,
  type ErrorCode,
  type ErrorEnvelope,
  errorEnvelope,
  statusToCode,
} from "./api-error.js";

/** What an error answers with: its code, status, envelope and headers. */
export interface ErrorAnswer {
  code: ErrorCode;
  status: number;
  envelope: ErrorEnvelope;
  headers: Record<string, string> | undefined;
}

/** The flags Durable Objects' infrastructure sets on the errors it throws at the caller. */
interface RuntimeError extends Error {
  retryable?: boolean;
  overloaded?: boolean;
  remote?: boolean;
}

/**
 * An error of the Durable Objects' infrastructure (not thrown by our object's code) that says
 * a later call may work: `overloaded` (do not retry at once) or `retryable` (the runtime's own
 * retries were spent). Cloudflare's Durable Objects error-handling page names both flags.
 */
function runtimeUnavailable(err: Error): boolean {
  const e = err as RuntimeError;
  return e.remote !== true && (e.overloaded === true || e.retryable === true);
}

/** Turns anything thrown into the envelope, with the request id, and never leaks internals. */
export function errorAnswer(err: Error, requestId: string): ErrorAnswer {
  let code: ErrorCode;
  let message: string;
  let details: ReturnType<typeof toJson> | undefined;
  let headers: Record<string, string> | undefined;
  if (err instanceof ApiError) {
    code = err.code;
    message = err.message;
    details = err.details;
    headers = err.headers;
  } else if (err instanceof DomainError) {
    code = "VALIDATION_FAILED";
    message = err.message;
    details = err.details ? toJson(err.details) : undefined;
  } else if (err instanceof HTTPException) {
    code = statusToCode(err.status);
    message = err.message || "request failed";
  } else if (runtimeUnavailable(err)) {
    // the account's object could not be reached (overloaded, restarting, moving) after the
    // runtime's own retries: a retry later can succeed, and nothing of this request was applied
    // by the object (an error thrown inside it has `remote` set and is a 500 below)
    code = "UNAVAILABLE";
    message = "the account's object is briefly unavailable; retry after the Retry-After seconds";
    headers = { "Retry-After": (err as RuntimeError).overloaded ? "5" : "1" };
  } else {
    code = "INTERNAL";
    message = "internal error";
    console.error(
      JSON.stringify({ event: "unhandled_error", requestId, error: String(err), stack: err.stack }),
    );
  }
  return {
    code,
    status: codeToStatus(code),
    envelope: errorEnvelope(code, message, requestId, details as JsonObject | undefined),
    headers,
  };
}

export const onError: ErrorHandler<HonoEnv> = (err, c) => {
  const answer = errorAnswer(err, c.get("requestId") ?? "unknown");
  c.set("errorCode", answer.code);
  return c.json(answer.envelope, codeToStatus(answer.code), answer.headers);
};

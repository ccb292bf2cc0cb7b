import { DomainError, type JsonObject, toJson } from "@portfolio/core";
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { HonoEnv } from "../hono-env.js";
import {
  ApiError,
  codeToStatus,
  type ErrorCode,
  errorEnvelope,
  statusToCode,
} from "./api-error.js";

/** Turns anything thrown into the envelope, with the request id, and never leaks internals. */
export const onError: ErrorHandler<HonoEnv> = (err, c) => {
  const requestId = c.get("requestId") ?? "unknown";
  let code: ErrorCode;
  let message: string;
  let details: ReturnType<typeof toJson> | undefined;
  if (err instanceof ApiError) {
    code = err.code;
    message = err.message;
    details = err.details;
  } else if (err instanceof DomainError) {
    code = "VALIDATION_FAILED";
    message = err.message;
    details = err.details ? toJson(err.details) : undefined;
  } else if (err instanceof HTTPException) {
    code = statusToCode(err.status);
    message = err.message || "request failed";
  } else {
    code = "INTERNAL";
    message = "internal error";
    console.error(
      JSON.stringify({ event: "unhandled_error", requestId, error: String(err), stack: err.stack }),
    );
  }
  c.set("errorCode", code);
  return c.json(
    errorEnvelope(code, message, requestId, details as JsonObject | undefined),
    codeToStatus(code),
  );
};

import type { JsonObject } from "@portfolio/core";
import { HTTPException } from "hono/http-exception";

/** Every error code the API answers with, and its HTTP status; one closed set, one table. */
const statusOf = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof statusOf;
export const errorCodes = Object.keys(statusOf) as [ErrorCode, ...ErrorCode[]];

export function codeToStatus<C extends ErrorCode>(code: C): (typeof statusOf)[C] {
  return statusOf[code];
}

/** The code for a status some other layer chose (the first code listed for it wins). */
export function statusToCode(status: number): ErrorCode {
  const code = errorCodes.find((c) => statusOf[c] === status);
  return code ?? (status >= 500 ? "INTERNAL" : "BAD_REQUEST");
}

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: JsonObject | undefined;
  /** headers the error answer carries (`Retry-After` on a 429, `Allow` on a 405) */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: JsonObject,
    headers?: Record<string, string>,
  ) {
    super(codeToStatus(code), { message });
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; requestId: string; details?: JsonObject };
}

/** The one place the error envelope is built. */
export function errorEnvelope(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: JsonObject,
): ErrorEnvelope {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

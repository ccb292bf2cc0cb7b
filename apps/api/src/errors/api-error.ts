import type { JsonObject } from "@portfolio/core";
import { HTTPException } from "hono/http-exception";

/** Every error code the API answers with; one closed set. */
export const errorCodes = [
  "BAD_REQUEST",
  "VALIDATION_FAILED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export function codeToStatus(code: ErrorCode) {
  switch (code) {
    case "BAD_REQUEST":
    case "VALIDATION_FAILED":
      return 400 as const;
    case "UNAUTHORIZED":
      return 401 as const;
    case "FORBIDDEN":
      return 403 as const;
    case "NOT_FOUND":
      return 404 as const;
    case "CONFLICT":
      return 409 as const;
    case "UNSUPPORTED_MEDIA_TYPE":
      return 415 as const;
    case "RATE_LIMITED":
      return 429 as const;
    case "UNAVAILABLE":
      return 503 as const;
    case "INTERNAL":
      return 500 as const;
  }
}

export function statusToCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "BAD_REQUEST";
    case 401:
      return "UNAUTHORIZED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "CONFLICT";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      return "RATE_LIMITED";
    case 503:
      return "UNAVAILABLE";
    default:
      return status >= 500 ? "INTERNAL" : "BAD_REQUEST";
  }
}

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: JsonObject | undefined;

  constructor(code: ErrorCode, message: string, details?: JsonObject) {
    super(codeToStatus(code), { message });
    this.code = code;
    this.details = details;
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

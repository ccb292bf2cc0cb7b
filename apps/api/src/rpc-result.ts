import type { RpcErrorCode, RpcResult } from "@portfolio/sync";
import { ApiError, type ErrorCode } from "./errors/api-error.js";

const rpcToApi: Record<RpcErrorCode, ErrorCode> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_INPUT: "VALIDATION_FAILED",
  UNAVAILABLE: "UNAVAILABLE",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
};

/** The value of an account object's answer, or the matching API error. */
export function unwrapRpc<T>(r: RpcResult<T>): T {
  if (!r.ok) throw new ApiError(rpcToApi[r.error.code], r.error.message, r.error.details);
  return r.value;
}

/** The media type of the JSON text an object answers with, as `Response.json` sends it. */
export const JSON_CONTENT_TYPE = "application/json";

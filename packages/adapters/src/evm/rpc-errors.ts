import { type AdapterErrorKind, fail } from "../adapter-error.js";

const RANGE_ERROR = /range|too many|more than|limit exceeded|-32005|query returned/i;

/** What an RPC failure means: slow down, try later, or ask for a smaller log range. */
export function rpcErrorKind(err: unknown): {
  kind: "rate_limited" | "unavailable" | "range";
  message: string;
} {
  const message = err instanceof Error ? err.message : String(err);
  const details = `${message} ${(err as { details?: string })?.details ?? ""}`;
  if (/429|rate limit|-32005/i.test(details) && !/block range|range too large/i.test(details))
    return { kind: "rate_limited", message };
  if (RANGE_ERROR.test(details)) return { kind: "range", message };
  return { kind: "unavailable", message };
}

/** An RPC failure as an adapter error value: retryable, paced by the account's backoff. */
export function rpcFailure(what: string, err: unknown) {
  const e = rpcErrorKind(err);
  const kind: AdapterErrorKind = e.kind === "range" ? "unavailable" : e.kind;
  return fail(kind, `${what}: ${e.message.split("\n")[0]}`, { cause: err });
}

import { type AdapterErrorKind, fail } from "../adapter-error.js";

const RANGE_ERROR = /range|too many|more than|limit exceeded|-32005|query returned/i;
/** how much of the node's own words an error message keeps */
const MAX_DETAILS = 200;

interface ErrorParts {
  details?: unknown;
  status?: unknown;
  cause?: unknown;
}

/**
 * What an error says about itself: its first line, what the node said, and the HTTP status
 * anywhere in its causes. Not the lines after the first, which quote the URL and the request
 * (a port or a key with "429" in it is not a rate limit).
 */
function said(err: unknown, message: string): string {
  const parts = [message.split("\n")[0] ?? ""];
  const details = (err as ErrorParts | null)?.details;
  if (typeof details === "string") parts.push(details);
  for (let e = err as ErrorParts | undefined, depth = 0; e && depth < 8; depth++) {
    if (typeof e.status === "number") parts.push(`HTTP ${e.status}`);
    e = e.cause as ErrorParts | undefined;
  }
  return parts.join(" ");
}

/** What an RPC failure means: slow down, try later, or ask for a smaller log range. */
export function rpcErrorKind(err: unknown): {
  kind: "rate_limited" | "unavailable" | "range";
  message: string;
} {
  const message = err instanceof Error ? err.message : String(err);
  const text = said(err, message);
  if (/\b429\b|rate limit|-32005/i.test(text) && !/block range|range too large/i.test(text))
    return { kind: "rate_limited", message };
  if (RANGE_ERROR.test(text)) return { kind: "range", message };
  return { kind: "unavailable", message };
}

/**
 * One line for the account's status: the error's summary (viem's first line; the lines after it
 * quote the URL and the request) and what the node said, if it said more. The adapter redacts
 * it before it leaves (see `secretRedactor`).
 */
function summary(err: unknown, message: string): string {
  const first = message.split("\n")[0] ?? "";
  const details = (err as { details?: unknown } | null)?.details;
  if (typeof details !== "string" || !details || first.includes(details)) return first;
  const words = details.split("\n")[0]?.slice(0, MAX_DETAILS) ?? "";
  return words ? `${first.replace(/\.$/, "")}: ${words}` : first;
}

/** An RPC failure as an adapter error value: retryable, paced by the account's backoff. */
export function rpcFailure(what: string, err: unknown) {
  const e = rpcErrorKind(err);
  const kind: AdapterErrorKind = e.kind === "range" ? "unavailable" : e.kind;
  return fail(kind, `${what}: ${summary(err, e.message)}`, { cause: err });
}

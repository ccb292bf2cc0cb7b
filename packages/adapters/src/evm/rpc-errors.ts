import { BaseError, HttpRequestError, LimitExceededRpcError, RpcRequestError } from "viem";
import { type AdapterErrorKind, fail } from "../adapter-error.js";

/** JSON-RPC codes a node uses to say "slow down" (EIP-1474 limit exceeded) */
const LIMIT_EXCEEDED = LimitExceededRpcError.code;
/** how much of the node's own words an error message keeps */
const MAX_DETAILS = 200;
/** what nodes say when a log query is too wide (the code alone does not tell it from a throttle) */
const RANGE_WORDS =
  /block range|range too (large|wide)|max(imum)? range|more than \d+ (results|logs)|query returned more than|too many (results|logs|blocks)|response size/i;

interface Facts {
  /** HTTP statuses anywhere in the causes */
  statuses: number[];
  /** JSON-RPC error codes anywhere in the causes */
  codes: number[];
  /** what the node said, from the JSON-RPC error objects (never the URL or the request) */
  said: string;
}

/** What viem's typed errors say about a failure, walking its causes. */
function factsOf(err: unknown): Facts {
  const facts: Facts = { statuses: [], codes: [], said: "" };
  const words: string[] = [];
  for (let e = err as unknown, depth = 0; e && depth < 10; depth++) {
    if (e instanceof HttpRequestError && typeof e.status === "number")
      facts.statuses.push(e.status);
    if (e instanceof RpcRequestError || (e instanceof BaseError && "code" in e)) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "number") facts.codes.push(code);
    }
    if (e instanceof BaseError && typeof e.details === "string") words.push(e.details);
    e = (e as { cause?: unknown }).cause;
  }
  facts.said = words.join(" ");
  return facts;
}

/** what nodes say when they no longer keep the state of a block (not an archive node) */
const MISSING_STATE_WORDS =
  /missing trie node|state (is )?not available|historical state|archive|state histor(y|ies)|pruned|header not found|required state|state unavailable|BlockOutOfRange|block height is \d+ but requested/i;

/**
 * Whether the node refused because it does not keep the state of the block asked for: a full
 * node keeps the last 128 blocks' or so; only an archive node answers older ones.
 */
export function isMissingState(err: unknown): boolean {
  return MISSING_STATE_WORDS.test(factsOf(err).said);
}

/**
 * What an RPC failure means: slow down, try later, or ask for a smaller log range. Read from
 * viem's typed errors (HTTP status, JSON-RPC code); the node's words only where one code means
 * two things (-32005 is both "too many requests" and, on some providers, "range too large").
 * Never from the URL or the request, which viem's message quotes.
 */
export function rpcErrorKind(err: unknown): {
  kind: "rate_limited" | "unavailable" | "range";
  message: string;
} {
  const message = err instanceof Error ? err.message : String(err);
  const f = factsOf(err);
  if (f.statuses.includes(429)) return { kind: "rate_limited", message };
  if (RANGE_WORDS.test(f.said)) return { kind: "range", message };
  if (f.codes.includes(LIMIT_EXCEEDED)) return { kind: "rate_limited", message };
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

/**
 * An RPC failure as an adapter error value: retryable, paced by the account's backoff; but a
 * node without the state asked for says so, naming archives, and is not retried (it never will
 * have that state).
 */
export function rpcFailure(what: string, err: unknown) {
  if (isMissingState(err))
    return fail(
      "unsupported",
      `${what}: the node does not keep the state of the blocks this history needs (it is not an archive node, or it pruned them): use an archive node, or a later startBlock: ${summary(err, err instanceof Error ? err.message : String(err))}`,
      { cause: err },
    );
  const e = rpcErrorKind(err);
  const kind: AdapterErrorKind = e.kind === "range" ? "unavailable" : e.kind;
  return fail(kind, `${what}: ${summary(err, e.message)}`, { cause: err });
}

/**
 * Expected platform failures are values, not exceptions: the account's alarm reads
 * `retryable` (and `retryAfterMs`) to choose between backing off and giving up.
 */
export type AdapterErrorKind =
  /** the platform asked us to slow down (HTTP 429, JSON-RPC -32005) */
  | "rate_limited"
  /** the platform banned us for a while (Binance 418) */
  | "banned"
  /** 5xx, timeouts, network failures, malformed bodies */
  | "unavailable"
  /** credentials rejected: a person must act */
  | "auth"
  /** our request was wrong (bad symbol, bad parameters) */
  | "bad_request"
  /** the platform cannot answer this question (e.g. no price in that base) */
  | "unsupported";

export interface AdapterError {
  kind: AdapterErrorKind;
  retryable: boolean;
  message: string;
  /** how long the platform asked us to wait, when it said */
  retryAfterMs?: number;
  /** true when we held back on our own to stay within our share of the platform's limits */
  paced?: boolean;
  /** the platform's own error code, when it gave one */
  platformCode?: string | number;
  cause?: unknown;
}

export type AdapterResult<T> = { ok: true; value: T } | { ok: false; error: AdapterError };

export const ok = <T>(value: T): AdapterResult<T> => ({ ok: true, value });

const RETRYABLE: Record<AdapterErrorKind, boolean> = {
  rate_limited: true,
  banned: true,
  unavailable: true,
  auth: false,
  bad_request: false,
  unsupported: false,
};

export function fail(
  kind: AdapterErrorKind,
  message: string,
  extra: Omit<AdapterError, "kind" | "message" | "retryable"> = {},
): { ok: false; error: AdapterError } {
  return { ok: false, error: { kind, message, retryable: RETRYABLE[kind], ...extra } };
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 15 * 60_000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of
 * many accounts spread out but never come back sooner than half the nominal delay. A platform's
 * own Retry-After is a floor.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  policy = DEFAULT_BACKOFF,
  retryAfterMs = 0,
): number {
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = nominal / 2 + (nominal / 2) * random;
  return Math.max(Math.round(jittered), retryAfterMs);
}

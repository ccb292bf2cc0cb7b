import type { BackoffPolicy } from "@portfolio/core";

/** Endpoints one owner may register. */
export const MAX_ENDPOINTS = 20;
/** Attempts per delivery: the first at once, then 7 retries spread over roughly a day. */
export const MAX_ATTEMPTS = 8;
/**
 * The retries' backoff (with the repo's one backoff helper): nominal gaps of 10, 20, 40, 80,
 * 160, 320 and 640 minutes, each between half and all of that with jitter, so the eighth
 * attempt comes 10.6 to 21.2 hours after the first.
 */
export const WEBHOOK_BACKOFF: BackoffPolicy = { baseMs: 10 * 60_000, maxMs: 12 * 3_600_000 };
/** How long an endpoint has to answer; no answer in time is a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A receiver's Retry-After is honoured up to this. */
export const MAX_RETRY_AFTER_MS = 12 * 3_600_000;
/** The largest body sent; a bigger event is recorded as a failed delivery and not sent. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Delivery history kept: 7 days, at most 10,000 rows (the oldest go first). */
export const HISTORY_MAX_AGE_MS = 7 * 86_400_000;
export const HISTORY_MAX_ROWS = 10_000;
/** Requests in flight at once (a Worker has 6 simultaneous outgoing connections). */
export const DELIVERY_CONCURRENCY = 6;
/** Due deliveries taken per round of the sender. */
export const DELIVERY_BATCH = 50;

import { backoffDelay } from "@portfolio/core";
import type { DeliveryPatch, DeliveryRecord } from "./storage/webhook-store.js";
import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, WEBHOOK_BACKOFF } from "./webhook-limits.js";

/** What one attempt came to. */
export type AttemptOutcome =
  | { kind: "delivered"; status: number }
  /** 410 Gone: the receiver wants no more; the endpoint is switched off */
  | { kind: "gone"; status: 410 }
  | { kind: "failed"; status: number | null; error: string; retryAfterMs: number };

/** If the object goes away during an attempt, the alarm takes the delivery up again this soon. */
const LEASE_MS = 60_000;

/**
 * What is stored before an attempt is sent: the attempt counted and the next one scheduled as if
 * this one fails, so an eviction half way only delays the delivery. A delivery whose attempts
 * are all spent (the last one was cut short) fails instead of being sent again.
 */
export function beforeAttempt(d: DeliveryRecord, now: number, random: number): DeliveryPatch {
  if (d.attempts >= MAX_ATTEMPTS)
    return {
      state: "failed",
      nextAttemptAt: null,
      lastError: d.lastError ?? "no answer was recorded for the last attempt",
    };
  const attempts = d.attempts + 1;
  const retry = attempts < MAX_ATTEMPTS ? backoffDelay(attempts, random, WEBHOOK_BACKOFF) : 0;
  return { attempts, nextAttemptAt: now + Math.max(retry, LEASE_MS) };
}

/** What is stored after attempt number `attempts`: delivered, failed for good, or retried later. */
export function afterAttempt(
  attempts: number,
  outcome: AttemptOutcome,
  now: number,
  random: number,
): DeliveryPatch {
  switch (outcome.kind) {
    case "delivered":
      return {
        state: "delivered",
        lastStatus: outcome.status,
        lastError: null,
        nextAttemptAt: null,
      };
    case "gone":
      return {
        state: "failed",
        lastStatus: 410,
        lastError: "410 Gone: the endpoint was switched off",
        nextAttemptAt: null,
      };
    case "failed": {
      const patch = { lastStatus: outcome.status, lastError: outcome.error };
      if (attempts >= MAX_ATTEMPTS) return { ...patch, state: "failed", nextAttemptAt: null };
      const delay = backoffDelay(
        attempts,
        random,
        WEBHOOK_BACKOFF,
        Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS),
      );
      return { ...patch, state: "pending", nextAttemptAt: now + delay };
    }
  }
}

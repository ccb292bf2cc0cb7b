import { newId } from "@portfolio/core";
import type { AccountEvent } from "../events/account-event.js";
import type { EndpointRecord, WebhookStore } from "./storage/webhook-store.js";
import { MAX_PAYLOAD_BYTES } from "./webhook-limits.js";

/** An event as the webhook object takes it: an account's, or the test event. */
export interface OutgoingEvent {
  id: string;
  type: string;
  accountId: string | null;
  at: string;
  data: unknown;
}

export function fromAccountEvent(e: AccountEvent): OutgoingEvent {
  return { id: e.id, type: e.type, accountId: e.accountId, at: e.at, data: e };
}

/** Whether `endpoint` takes `e`: active, and within its event-type and account filters. */
export function endpointTakes(endpoint: EndpointRecord, e: OutgoingEvent): boolean {
  return (
    endpoint.active &&
    (endpoint.events === null || endpoint.events.includes(e.type)) &&
    (endpoint.accountIds === null ||
      (e.accountId !== null && endpoint.accountIds.includes(e.accountId)))
  );
}

/**
 * The body every delivery of `e` sends, as the Standard Webhooks spec suggests: `type`,
 * `timestamp` (when it happened) and `data` (the event as the account's stream sends it).
 */
export function webhookBody(e: OutgoingEvent): string {
  return JSON.stringify({ type: e.type, timestamp: e.at, data: e.data });
}

const encoder = new TextEncoder();

/**
 * Stores `e` once, with one pending delivery (due now) per endpoint in `targets`; nothing when
 * the event id was stored before, so a redelivered batch changes nothing. A body over
 * {@link MAX_PAYLOAD_BYTES} is not kept: its deliveries are failed at once. Returns the ids of
 * the deliveries made.
 */
export function recordEvent(
  store: WebhookStore,
  e: OutgoingEvent,
  targets: readonly EndpointRecord[],
  now: number,
): string[] {
  if (targets.length === 0 || store.hasEvent(e.id)) return [];
  const body = webhookBody(e);
  const size = encoder.encode(body).length;
  const tooLarge = size > MAX_PAYLOAD_BYTES;
  store.insertEvent({
    id: e.id,
    type: e.type,
    accountId: e.accountId,
    payload: tooLarge ? "" : body,
    createdAt: now,
  });
  return targets.map((endpoint) => {
    const id = newId("dlv");
    store.insertDelivery({
      id,
      endpointId: endpoint.id,
      eventId: e.id,
      eventType: e.type,
      state: tooLarge ? "failed" : "pending",
      attempts: 0,
      lastStatus: null,
      lastError: tooLarge
        ? `the body (${size} bytes) is over the ${MAX_PAYLOAD_BYTES / 1024} KiB limit; not sent`
        : null,
      nextAttemptAt: tooLarge ? null : now,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  });
}

/** Records each of an account's events for the active endpoints that take it; returns how many deliveries were made. */
export function recordAccountEvents(
  store: WebhookStore,
  events: readonly AccountEvent[],
  now: number,
): number {
  const active = store.endpoints().filter((e) => e.active);
  if (active.length === 0) return 0;
  let made = 0;
  for (const event of events) {
    if (typeof event?.id !== "string" || typeof event.type !== "string") continue;
    const e = fromAccountEvent(event);
    made += recordEvent(
      store,
      e,
      active.filter((endpoint) => endpointTakes(endpoint, e)),
      now,
    ).length;
  }
  return made;
}

import { fromBase64Url, isoTime, isoTimeOrNull, toBase64Url } from "@portfolio/core";
import type { AccountEventType } from "../events/account-event.js";
import type { DeliveryKey, DeliveryRecord, EndpointRecord } from "./storage/webhook-store.js";
import type { WebhookDeliveryView, WebhookEndpointView } from "./webhook-types.js";

export function endpointView(e: EndpointRecord): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    events: (e.events as AccountEventType[] | null) ?? null,
    accountIds: e.accountIds ?? null,
    active: e.active,
    disabledReason: e.disabledReason,
    createdAt: isoTime(e.createdAt),
    updatedAt: isoTime(e.updatedAt),
  };
}

export function deliveryView(d: DeliveryRecord): WebhookDeliveryView {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: isoTimeOrNull(d.nextAttemptAt),
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.updatedAt),
  };
}

/** The cursor after `d`: opaque to callers (base64url of `createdAt:id`). */
export function encodeDeliveryCursor(d: DeliveryKey): string {
  return toBase64Url(`${d.createdAt}:${d.id}`);
}

export function decodeDeliveryCursor(cursor: string): DeliveryKey | null {
  const m = /^(\d{1,15}):(dlv_[0-9a-z]{20})$/.exec(fromBase64Url(cursor) ?? "");
  return m?.[1] && m[2] ? { createdAt: Number(m[1]), id: m[2] } : null;
}

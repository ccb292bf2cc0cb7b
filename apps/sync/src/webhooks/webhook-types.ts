import type { AccountEventType } from "../events/account-event.js";

/** What the webhook object answers over RPC (its errors are the account object's RpcResult). */
export type WebhookDeliveryState = "pending" | "delivered" | "failed";

/** The type of the event `POST /v1/webhooks/{id}/test` sends; never published by an account. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
export type WebhookEventType = AccountEventType | typeof WEBHOOK_TEST_EVENT;

export interface CreateWebhookEndpointInput {
  url: string;
  /** the event types to send; left out (or null): every type, including ones added later */
  events?: AccountEventType[] | null;
  /** the accounts whose events to send; left out (or null): every account of the owner */
  accountIds?: string[] | null;
}

/** An endpoint as its owner sees it: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: AccountEventType[] | null;
  accountIds: string[] | null;
  active: boolean;
  /** why the endpoint was switched off (it answered 410 Gone); null while active */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to a creation: the only time the signing secret is shown. */
export interface CreatedWebhookEndpoint extends WebhookEndpointView {
  /** Standard Webhooks signing secret, `whsec_<base64 of 32 bytes>` */
  secret: string;
}

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  state: WebhookDeliveryState;
  /** attempts made so far (at most MAX_ATTEMPTS, 8) */
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** pending only: when it is tried next */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryQuery {
  state?: WebhookDeliveryState;
  limit: number;
  /** the `nextCursor` of the page before */
  cursor?: string | null;
}

export interface WebhookDeliveryPage {
  data: WebhookDeliveryView[];
  nextCursor: string | null;
}

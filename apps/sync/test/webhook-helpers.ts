import { env, runInDurableObject } from "cloudflare:test";
import { newId } from "@portfolio/core";
import { type ReceivedRequest, receiverAdmin, waitFor } from "@portfolio/test-support";
import { Webhook } from "standardwebhooks";
import type { AccountEvent } from "../src/events/account-event.js";
import type { SyncStatus } from "../src/rpc-types.js";
import { WebhookStore } from "../src/webhooks/storage/webhook-store.js";
import { webhookClient } from "../src/webhooks/webhook-client.js";
import type {
  CreateWebhookEndpointInput,
  WebhookDeliveryView,
} from "../src/webhooks/webhook-types.js";
import { unwrap } from "./helpers.js";

export const MINUTE = 60_000;

export const freshOwner = () => `webhooks-${crypto.randomUUID()}`;
export const freshPath = () => `/hooks/${crypto.randomUUID()}`;
export const stubOf = (owner: string) => env.WEBHOOKS.get(env.WEBHOOKS.idFromName(owner));
export const clientOf = (owner: string) => webhookClient(env.WEBHOOKS, owner);

/** The local webhook receiver (tools/test-support) the tests' endpoints point at. */
const receiver = receiverAdmin(env.WEBHOOK_RECEIVER_URL);
export const received = receiver.received;
export const answerNext = receiver.answerNext;
export { waitFor };

/** An owner with one endpoint on the receiver. */
export async function setup(filters: Omit<CreateWebhookEndpointInput, "url"> = {}) {
  const owner = freshOwner();
  const path = freshPath();
  const client = clientOf(owner);
  const endpoint = unwrap(
    await client.createEndpoint(owner, { url: `${env.WEBHOOK_RECEIVER_URL}${path}`, ...filters }),
  );
  return { owner, path, client, endpoint, secret: endpoint.secret };
}

export const syncStatus: SyncStatus = {
  state: "idle",
  lastRunAt: null,
  lastSuccessAt: null,
  lastError: null,
  nextRunAt: null,
  attempts: 0,
  historyComplete: true,
};

export function syncEvent(accountId = "acct_0000000000000000aaaa"): AccountEvent {
  return {
    id: newId("evt"),
    type: "sync.state",
    accountId,
    at: new Date().toISOString(),
    sync: syncStatus,
  };
}

export function balancesEvent(accountId: string, assets = 1): AccountEvent {
  return {
    id: newId("evt"),
    type: "balances.changed",
    accountId,
    at: new Date().toISOString(),
    version: 7,
    platformAsOf: null,
    balances: Array.from({ length: assets }, (_, i) => ({
      accountId,
      asset: `TOKEN${i}`,
      amount: "1.5",
      free: "1.5",
      locked: "0",
      reserved: "0",
      available: "1.5",
      syncedAt: new Date().toISOString(),
    })),
  };
}

export async function deliveries(
  owner: string,
  endpointId: string,
): Promise<WebhookDeliveryView[]> {
  return unwrap(await clientOf(owner).listDeliveries(owner, endpointId, { limit: 100 })).data;
}

/** The object's sender is done: the alarm stands at the next due attempt (or none). */
export async function settled(owner: string) {
  return waitFor(
    "the webhook object to settle",
    () =>
      runInDurableObject(stubOf(owner), async (_i, state) => ({
        alarm: await state.storage.getAlarm(),
        next: WebhookStore.of(state.storage).nextDue(),
      })),
    (s) => s.alarm === s.next,
  );
}

/** Moves every pending delivery's next attempt to now, as if the backoff had been waited out. */
export async function waitOutBackoff(owner: string) {
  await runInDurableObject(stubOf(owner), (_i, state) => {
    state.storage.sql.exec(
      "UPDATE deliveries SET next_attempt_at = ? WHERE state = 'pending'",
      Date.now(),
    );
  });
}

/** Checks a received request with the library's own verify over the raw body. */
export function verified(secret: string, req: ReceivedRequest) {
  return new Webhook(secret).verify(req.body, req.headers) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };
}

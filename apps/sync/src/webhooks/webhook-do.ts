/// <reference path="../../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { newId } from "@portfolio/core";
import {
  type CredentialsKey,
  encryptCredentials,
  importCredentialsKey,
  openCredentials,
} from "../credentials/credential-cipher.js";
import type { AccountEvent } from "../events/account-event.js";
import type { RpcResult } from "../rpc-types.js";
import { DeliveryRunner } from "./delivery-runner.js";
import { allowHttpLocalhost } from "./endpoint-url.js";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
} from "./endpoints.js";
import { recordAccountEvents, recordEvent } from "./publish-events.js";
import { type EndpointRecord, WebhookStore } from "./storage/webhook-store.js";
import { DELIVERY_TIMEOUT_MS, HISTORY_MAX_AGE_MS, HISTORY_MAX_ROWS } from "./webhook-limits.js";
import {
  type CreatedWebhookEndpoint,
  type CreateWebhookEndpointInput,
  WEBHOOK_TEST_EVENT,
  type WebhookDeliveryPage,
  type WebhookDeliveryQuery,
  type WebhookDeliveryView,
  type WebhookEndpointView,
} from "./webhook-types.js";
import { deliveryView } from "./webhook-views.js";

/** History is trimmed at most this often. */
const PRUNE_EVERY_MS = 60_000;

/**
 * One owner's outbound webhooks (`idFromName(owner)`): the endpoints, the events sent to them
 * and each delivery's attempts, in the object's own SQLite. Accounts' objects publish their
 * events here; the deliveries are sent from this object, behind the publisher's answer, and
 * retried from its alarm. The class only wires storage, env and the clock to plain functions.
 */
export class WebhookDO extends DurableObject<SyncEnv> {
  private readonly store: WebhookStore;
  private readonly runner: DeliveryRunner;
  private readonly allowHttpLocalhost: boolean;
  private key: Promise<CredentialsKey> | null = null;
  /** opened secrets by endpoint id: each is unsealed once per instance */
  private readonly secrets = new Map<string, string>();
  /** the alarm as last set by this instance (undefined: not known) */
  private armedAt: number | null | undefined;
  private prunedAt = 0;

  constructor(ctx: DurableObjectState, env: SyncEnv) {
    super(ctx, env);
    this.allowHttpLocalhost = allowHttpLocalhost(env.WEBHOOKS_ALLOW_HTTP_LOCALHOST);
    this.store = WebhookStore.of(ctx.storage);
    this.runner = new DeliveryRunner({
      store: this.store,
      secretOf: (e) => this.secretOf(e),
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      random: () => Math.random(),
      timeoutMs: DELIVERY_TIMEOUT_MS,
      rearm: () => this.rearm(),
      waitUntil: (p) => ctx.waitUntil(p),
    });
    ctx.blockConcurrencyWhile(async () => {
      await this.store.open();
      this.armedAt = await ctx.storage.getAlarm();
    });
  }

  private credentialsKey(): Promise<CredentialsKey> {
    this.key ??= importCredentialsKey(this.env.CREDENTIALS_KEY);
    return this.key;
  }

  private async secretOf(endpoint: EndpointRecord): Promise<string> {
    const known = this.secrets.get(endpoint.id);
    if (known) return known;
    const opened = await openCredentials(await this.credentialsKey(), endpoint.id, endpoint.secret);
    // sealed under a key being rotated out: stored anew, once
    if (opened.resealed) this.store.replaceSecret(endpoint.id, opened.resealed);
    const secret = opened.credentials.secret;
    if (!secret) throw new Error(`endpoint ${endpoint.id} has no signing secret`);
    this.secrets.set(endpoint.id, secret);
    return secret;
  }

  /** Sets the alarm to the next due delivery, only when it moved. */
  private async rearm(): Promise<void> {
    const next = this.store.nextDue();
    if (next === this.armedAt) return;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
    this.armedAt = next;
  }

  private pruneIfDue(now: number): void {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    this.store.atomically(() => this.store.prune(now, HISTORY_MAX_AGE_MS, HISTORY_MAX_ROWS));
  }

  /**
   * An account's events, for the owner's endpoints: one delivery per active endpoint whose
   * filters take the event, sent right after this returns (the caller does not wait for any
   * HTTP). Idempotent by event id: a batch published again makes no second delivery. Throws
   * only when storage fails, so the caller's outbox can send the batch again.
   */
  async publish(owner: string, events: AccountEvent[]): Promise<void> {
    if (!this.store.ownedBy(owner) || events.length === 0) return;
    const now = Date.now();
    const made = this.store.atomically(() => recordAccountEvents(this.store, events, now));
    this.pruneIfDue(now);
    if (made === 0) return;
    // the alarm first, so the deliveries go out even if this instance does not live to send them
    await this.rearm();
    this.runner.kick();
  }

  /** Validated here again (url rules, filters, the 20-endpoint limit): INVALID_INPUT or CONFLICT. */
  async createEndpoint(
    owner: string,
    input: CreateWebhookEndpointInput,
  ): Promise<RpcResult<CreatedWebhookEndpoint>> {
    return createEndpoint(
      {
        store: this.store,
        seal: async (id, secret) => encryptCredentials(await this.credentialsKey(), id, { secret }),
        allowHttpLocalhost: this.allowHttpLocalhost,
        now: () => Date.now(),
      },
      owner,
      input,
    );
  }

  async listEndpoints(owner: string): Promise<RpcResult<WebhookEndpointView[]>> {
    return { ok: true, value: listEndpoints(this.store, owner) };
  }

  async getEndpoint(owner: string, endpointId: string): Promise<RpcResult<WebhookEndpointView>> {
    return getEndpoint(this.store, owner, endpointId);
  }

  async deleteEndpoint(owner: string, endpointId: string): Promise<RpcResult<{ deleted: true }>> {
    const r = deleteEndpoint(this.store, owner, endpointId);
    this.secrets.delete(endpointId);
    if (r.ok) await this.rearm();
    return r;
  }

  async listDeliveries(
    owner: string,
    endpointId: string,
    query: WebhookDeliveryQuery,
  ): Promise<RpcResult<WebhookDeliveryPage>> {
    this.pruneIfDue(Date.now());
    return listDeliveries(this.store, owner, endpointId, query);
  }

  /** Sends a `webhook.test` event to one endpoint (whatever its filters), at once. */
  async sendTest(owner: string, endpointId: string): Promise<RpcResult<WebhookDeliveryView>> {
    const endpoint = this.store.ownedBy(owner) ? this.store.endpoint(endpointId) : undefined;
    if (!endpoint)
      return { ok: false, error: { code: "NOT_FOUND", message: "webhook endpoint not found" } };
    if (!endpoint.active)
      return {
        ok: false,
        error: {
          code: "CONFLICT",
          message: `the endpoint is switched off: ${endpoint.disabledReason}`,
        },
      };
    const now = Date.now();
    const at = new Date(now).toISOString();
    const id = newId("evt");
    const [deliveryId] = this.store.atomically(() =>
      recordEvent(
        this.store,
        {
          id,
          type: WEBHOOK_TEST_EVENT,
          accountId: null,
          at,
          data: { id, type: WEBHOOK_TEST_EVENT, endpointId, at },
        },
        [endpoint],
        now,
      ),
    );
    const delivery = deliveryId ? this.store.delivery(deliveryId) : undefined;
    if (!delivery) throw new Error("the test delivery was not stored");
    await this.rearm();
    this.runner.kick();
    return { ok: true, value: deliveryView(delivery) };
  }

  override async alarm(): Promise<void> {
    // unknown from here on: the alarm may have been set again between its firing and this call
    this.armedAt = undefined;
    if (!this.store.created) return;
    this.pruneIfDue(Date.now());
    await this.runner.run();
    this.armedAt = undefined;
    await this.rearm();
  }
}

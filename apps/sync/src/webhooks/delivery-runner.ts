import { afterAttempt, beforeAttempt } from "./delivery-policy.js";
import { sendDelivery } from "./send-delivery.js";
import type { DeliveryRecord, EndpointRecord, WebhookStore } from "./storage/webhook-store.js";
import { DELIVERY_BATCH, DELIVERY_CONCURRENCY } from "./webhook-limits.js";

export interface RunnerDeps {
  store: WebhookStore;
  /** the endpoint's signing secret, opened */
  secretOf: (endpoint: EndpointRecord) => Promise<string>;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  timeoutMs: number;
  /** sets the alarm to the next due delivery */
  rearm: () => Promise<void>;
  waitUntil: (p: Promise<unknown>) => void;
}

interface Leased {
  delivery: DeliveryRecord;
  endpoint: EndpointRecord;
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function inPool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

/**
 * Sends the due deliveries from inside the webhook object: one sender at a time, which goes on
 * while deliveries come due, a few requests in flight at once. Every attempt is counted and its
 * retry scheduled (and the alarm set) before the request goes out, so an eviction half way
 * leaves the delivery to the alarm.
 */
export class DeliveryRunner {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Deliveries were made: send them now, without the caller waiting. */
  kick(): void {
    this.deps.waitUntil(this.run());
  }

  /** Sends whatever is due (from the alarm, or a kick), joining a sender already running. */
  run(): Promise<void> {
    this.again = true;
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.again) {
        this.again = false;
        for (;;) {
          const now = this.deps.now();
          const due = this.deps.store.due(now, DELIVERY_BATCH);
          if (due.length === 0) break;
          const leased = this.deps.store.atomically(() =>
            due.flatMap((d) => this.lease(d, now) ?? []),
          );
          await this.deps.rearm();
          await inPool(leased, DELIVERY_CONCURRENCY, (l) => this.attempt(l));
        }
      }
    } finally {
      await this.deps.rearm();
    }
  }

  /** Counts the attempt and schedules its retry; null when the delivery is not to be sent. */
  private lease(d: DeliveryRecord, now: number): Leased | null {
    const { store } = this.deps;
    const endpoint = store.endpoint(d.endpointId);
    if (!endpoint?.active) {
      store.updateDelivery(
        d.id,
        {
          state: "failed",
          nextAttemptAt: null,
          lastError: endpoint?.disabledReason ?? "the endpoint is switched off",
        },
        now,
      );
      return null;
    }
    const patch = beforeAttempt(d, now, this.deps.random());
    store.updateDelivery(d.id, patch, now);
    return patch.state === "failed" ? null : { delivery: { ...d, ...patch }, endpoint };
  }

  private async attempt({ delivery, endpoint }: Leased): Promise<void> {
    const { store } = this.deps;
    const event = store.event(delivery.eventId);
    let outcome: Parameters<typeof afterAttempt>[1];
    if (!event?.payload) {
      outcome = {
        kind: "failed",
        status: null,
        error: "the event is no longer kept",
        retryAfterMs: 0,
      };
    } else {
      let secret: string | null = null;
      try {
        secret = await this.deps.secretOf(endpoint);
      } catch (err) {
        console.error(
          JSON.stringify({
            event: "webhook_secret_unavailable",
            endpointId: endpoint.id,
            error: err instanceof Error ? err.message : String(err),
          }),
        );
      }
      outcome = secret
        ? await sendDelivery(
            { url: endpoint.url, id: event.id, body: event.payload, secret },
            { fetch: this.deps.fetch, now: this.deps.now, timeoutMs: this.deps.timeoutMs },
          )
        : {
            kind: "failed",
            status: null,
            error: "the signing secret could not be opened",
            retryAfterMs: 0,
          };
    }
    const now = this.deps.now();
    const after = afterAttempt(delivery.attempts, outcome, now, this.deps.random());
    store.atomically(() => {
      // deleted with its endpoint while the request was out
      if (!store.delivery(delivery.id)) return;
      store.updateDelivery(delivery.id, after, now);
      if (outcome.kind === "gone")
        store.disableEndpoint(endpoint.id, "the endpoint answered 410 Gone", now);
    });
    console.log(
      JSON.stringify({
        event: "webhook_delivery",
        endpointId: endpoint.id,
        deliveryId: delivery.id,
        eventType: delivery.eventType,
        attempt: delivery.attempts,
        outcome: outcome.kind,
        status: outcome.status,
        state: after.state ?? "pending",
      }),
    );
  }
}

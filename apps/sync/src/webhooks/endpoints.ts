import { accountId, type JsonObject, newId, toJson } from "@portfolio/core";
import { z } from "zod";
import { type AccountEventType, accountEventTypes } from "../events/account-event.js";
import { invalidInput, type RpcResult } from "../rpc-types.js";
import { endpointUrlProblem } from "./endpoint-url.js";
import { newSigningSecret } from "./signing.js";
import type { WebhookStore } from "./storage/webhook-store.js";
import { MAX_ENDPOINTS } from "./webhook-limits.js";
import type {
  CreatedWebhookEndpoint,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookEndpointView,
} from "./webhook-types.js";
import {
  decodeDeliveryCursor,
  deliveryView,
  encodeDeliveryCursor,
  endpointView,
} from "./webhook-views.js";

const NOT_FOUND = {
  ok: false,
  error: { code: "NOT_FOUND", message: "webhook endpoint not found" },
} as const;

function invalid(message: string, details?: Record<string, unknown>): RpcResult<never> {
  return invalidInput(message, details ? (toJson(details) as JsonObject) : undefined);
}

export const CreateEndpointInput = z
  .object({
    url: z.string().min(1),
    events: z
      .array(z.enum(accountEventTypes as [AccountEventType, ...AccountEventType[]]))
      .min(1)
      .nullable()
      .optional(),
    accountIds: z.array(accountId).min(1).max(100).nullable().optional(),
  })
  .strict();

const DeliveryQuery = z
  .object({
    state: z.enum(["pending", "delivered", "failed"]).optional(),
    limit: z.number().int().min(1).max(100),
    cursor: z.string().max(200).nullable().optional(),
  })
  .strict();

export interface EndpointDeps {
  store: WebhookStore;
  /** seals a secret for the endpoint it belongs to */
  seal: (endpointId: string, secret: string) => Promise<string>;
  allowHttpLocalhost: boolean;
  now: () => number;
}

/**
 * Registers an endpoint of `owner` with a new signing secret, which this answer is the only one
 * to show. At most {@link MAX_ENDPOINTS} per owner.
 */
export async function createEndpoint(
  deps: EndpointDeps,
  owner: string,
  input: unknown,
): Promise<RpcResult<CreatedWebhookEndpoint>> {
  const parsed = CreateEndpointInput.safeParse(input);
  if (!parsed.success)
    return invalid(`invalid webhook endpoint: ${parsed.error.issues[0]?.message ?? "bad input"}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  const { url, events, accountIds } = parsed.data;
  const problem = endpointUrlProblem(url, deps.allowHttpLocalhost);
  if (problem) return invalid(problem);
  const { store } = deps;
  if (store.created && !store.ownedBy(owner)) return NOT_FOUND;
  const full = () =>
    store.endpoints().length >= MAX_ENDPOINTS
      ? ({
          ok: false,
          error: {
            code: "CONFLICT",
            message: `an owner may have at most ${MAX_ENDPOINTS} webhook endpoints; delete one first`,
            details: { limit: MAX_ENDPOINTS },
          },
        } as const)
      : null;
  const early = full();
  if (early) return early;
  const id = newId("whk");
  const secret = newSigningSecret();
  const sealed = await deps.seal(id, secret);
  await store.create(owner, deps.now());
  // another creation may have run during the awaits
  const late = full();
  if (late) return late;
  const now = deps.now();
  const row = {
    id,
    url,
    events: events ? [...new Set(events)] : null,
    accountIds: accountIds ? [...new Set(accountIds)] : null,
    secret: sealed,
    active: true,
    disabledReason: null,
    createdAt: now,
    updatedAt: now,
  };
  store.insertEndpoint(row);
  return { ok: true, value: { ...endpointView(row), secret } };
}

export function listEndpoints(store: WebhookStore, owner: string): WebhookEndpointView[] {
  return store.ownedBy(owner) ? store.endpoints().map(endpointView) : [];
}

export function getEndpoint(
  store: WebhookStore,
  owner: string,
  id: string,
): RpcResult<WebhookEndpointView> {
  const e = store.ownedBy(owner) ? store.endpoint(id) : undefined;
  return e ? { ok: true, value: endpointView(e) } : NOT_FOUND;
}

export function deleteEndpoint(
  store: WebhookStore,
  owner: string,
  id: string,
): RpcResult<{ deleted: true }> {
  if (!store.ownedBy(owner) || !store.atomically(() => store.deleteEndpoint(id))) return NOT_FOUND;
  return { ok: true, value: { deleted: true } };
}

/** An endpoint's deliveries, newest first, optionally in one state, cursor-paged. */
export function listDeliveries(
  store: WebhookStore,
  owner: string,
  endpointId: string,
  query: WebhookDeliveryQuery,
): RpcResult<WebhookDeliveryPage> {
  if (!store.ownedBy(owner) || !store.endpoint(endpointId)) return NOT_FOUND;
  const q = DeliveryQuery.safeParse(query);
  if (!q.success) return invalid(`invalid delivery query: ${q.error.issues[0]?.message}`);
  const before = q.data.cursor ? decodeDeliveryCursor(q.data.cursor) : null;
  if (q.data.cursor && !before) return invalid("cursor is not one this API returned");
  const rows = store.deliveries(endpointId, {
    ...(q.data.state ? { state: q.data.state } : {}),
    before,
    limit: q.data.limit + 1,
  });
  const page = rows.slice(0, q.data.limit);
  const last = page.at(-1);
  return {
    ok: true,
    value: {
      data: page.map(deliveryView),
      nextCursor: rows.length > q.data.limit && last ? encodeDeliveryCursor(last) : null,
    },
  };
}

import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors, idempotencyConflict } from "../../errors/error-schema.js";
import { IdempotencyKeyHeader, idempotentScoped } from "../../middleware/idempotency.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { CreatedWebhookEndpointSchema, CreateWebhookBody } from "./schema.js";

const route = createRoute({
  operationId: "createWebhookEndpoint",
  method: "post",
  path: "/",
  summary: "Register a webhook endpoint; the answer shows its signing secret, once",
  description:
    "Events of the owner's accounts are POSTed to `url`, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). At most 20 endpoints per owner (a 21st is a 409). A url that is not https is a 400.",
  ...idempotentScoped("admin"),
  request: {
    query: NoQuery,
    headers: IdempotencyKeyHeader,
    body: { required: true, content: { "application/json": { schema: CreateWebhookBody } } },
  },
  responses: {
    201: {
      description: "Registered; `secret` is never shown again",
      content: { "application/json": { schema: CreatedWebhookEndpointSchema } },
    },
    ...commonErrors,
    ...idempotencyConflict("The owner already has 20 endpoints"),
  },
});

export const createWebhookEndpoint = createApp().openapi(route, async (c) => {
  const { owner, webhooks } = ownerWebhooks(c);
  const endpoint = unwrapRpc(await webhooks.createEndpoint(owner, c.req.valid("json")));
  return c.json(endpoint, 201);
});

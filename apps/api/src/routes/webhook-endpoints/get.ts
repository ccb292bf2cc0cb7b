import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors, webhookNotFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { WebhookEndpointSchema, WebhookIdParam } from "./schema.js";

const route = createRoute({
  operationId: "getWebhookEndpoint",
  method: "get",
  path: "/{webhookId}",
  summary: "A webhook endpoint (never its secret)",
  ...scoped("admin"),
  request: { query: NoQuery, params: WebhookIdParam },
  responses: {
    200: {
      description: "The endpoint",
      content: { "application/json": { schema: WebhookEndpointSchema } },
    },
    ...commonErrors,
    ...webhookNotFound,
  },
});

export const getWebhookEndpoint = createApp().openapi(route, async (c) => {
  const { webhookId } = c.req.valid("param");
  const { owner, webhooks } = ownerWebhooks(c);
  return c.json(unwrapRpc(await webhooks.getEndpoint(owner, webhookId)), 200);
});

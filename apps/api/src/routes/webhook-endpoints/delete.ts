import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors, webhookNotFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { WebhookIdParam } from "./schema.js";

const route = createRoute({
  operationId: "deleteWebhookEndpoint",
  method: "delete",
  path: "/{webhookId}",
  summary: "Delete a webhook endpoint with its pending deliveries and delivery history",
  ...scoped("admin"),
  request: { query: NoQuery, params: WebhookIdParam },
  responses: {
    204: { description: "Deleted" },
    ...commonErrors,
    ...webhookNotFound,
  },
});

export const deleteWebhookEndpoint = createApp().openapi(route, async (c) => {
  const { webhookId } = c.req.valid("param");
  const { owner, webhooks } = ownerWebhooks(c);
  unwrapRpc(await webhooks.deleteEndpoint(owner, webhookId));
  return c.body(null, 204);
});

import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, webhookNotFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { WebhookDeliverySchema, WebhookIdParam } from "./schema.js";

const route = createRoute({
  operationId: "sendWebhookTest",
  method: "post",
  path: "/{webhookId}/test",
  summary: "Send a `webhook.test` event to this endpoint now (whatever its filters)",
  description:
    "Answers at once with the pending delivery; follow it under /deliveries. An endpoint switched off by a 410 is a 409.",
  ...scoped("admin"),
  request: { query: NoQuery, params: WebhookIdParam },
  responses: {
    202: {
      description: "The test delivery, on its way",
      content: { "application/json": { schema: WebhookDeliverySchema } },
    },
    ...commonErrors,
    ...webhookNotFound,
    ...conflict,
  },
});

export const sendWebhookTest = createApp().openapi(route, async (c) => {
  const { webhookId } = c.req.valid("param");
  const { owner, webhooks } = ownerWebhooks(c);
  return c.json(unwrapRpc(await webhooks.sendTest(owner, webhookId)), 202);
});

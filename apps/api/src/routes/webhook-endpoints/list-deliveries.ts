import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors, webhookNotFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { WebhookDeliveryListQuery, WebhookDeliveryListSchema, WebhookIdParam } from "./schema.js";

const route = createRoute({
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/{webhookId}/deliveries",
  summary: "An endpoint's deliveries, newest first, filtered by state, cursor-paged",
  description:
    "Kept for 7 days, at most 10,000 per owner. A delivery is `pending` while attempts remain (8 in all, over about a day), `delivered` after a 2xx, `failed` after the last attempt, a 410 Gone (which switches the endpoint off) or a body over 256 KiB.",
  ...scoped("read"),
  request: { params: WebhookIdParam, query: WebhookDeliveryListQuery },
  responses: {
    200: {
      description: "A page of deliveries",
      content: { "application/json": { schema: WebhookDeliveryListSchema } },
    },
    ...commonErrors,
    ...webhookNotFound,
  },
});

export const listWebhookDeliveries = createApp().openapi(route, async (c) => {
  const { webhookId } = c.req.valid("param");
  const q = c.req.valid("query");
  const { owner, webhooks } = ownerWebhooks(c);
  const page = unwrapRpc(
    await webhooks.listDeliveries(owner, webhookId, {
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    }),
  );
  return c.json(page, 200);
});

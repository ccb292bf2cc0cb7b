import { createRoute } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ownerWebhooks } from "./owner-webhooks.js";
import { WebhookEndpointListSchema } from "./schema.js";

const route = createRoute({
  operationId: "listWebhookEndpoints",
  method: "get",
  path: "/",
  summary: "The owner's webhook endpoints (at most 20), oldest first, without their secrets",
  ...scoped("admin"),
  request: { query: NoQuery },
  responses: {
    200: {
      description: "Endpoints",
      content: { "application/json": { schema: WebhookEndpointListSchema } },
    },
    ...commonErrors,
  },
});

export const listWebhookEndpoints = createApp().openapi(route, async (c) => {
  const { owner, webhooks } = ownerWebhooks(c);
  return c.json({ data: unwrapRpc(await webhooks.listEndpoints(owner)) }, 200);
});

import { createApp } from "../../create-app.js";
import { createWebhookEndpoint } from "./create.js";
import { deleteWebhookEndpoint } from "./delete.js";
import { getWebhookEndpoint } from "./get.js";
import { listWebhookEndpoints } from "./list.js";
import { listWebhookDeliveries } from "./list-deliveries.js";
import { sendWebhookTest } from "./send-test.js";

/** The owner's outbound webhooks: endpoints, their deliveries, a test event. */
export const webhookEndpointsApp = createApp()
  .route("/", createWebhookEndpoint)
  .route("/", listWebhookEndpoints)
  .route("/", getWebhookEndpoint)
  .route("/", deleteWebhookEndpoint)
  .route("/", listWebhookDeliveries)
  .route("/", sendWebhookTest);

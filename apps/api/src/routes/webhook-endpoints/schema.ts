import { z } from "@hono/zod-openapi";
import { accountId } from "@portfolio/core";
import { type AccountEventType, accountEventTypes } from "@portfolio/sync";

const eventType = z.enum(accountEventTypes as [AccountEventType, ...AccountEventType[]]);
const deliveryState = z.enum(["pending", "delivered", "failed"]);

export const WebhookIdParam = z.object({
  webhookId: z
    .string()
    .regex(/^whk_[0-9a-z]{20}$/, "expected a webhook endpoint id such as whk_…")
    .meta({ param: { name: "webhookId", in: "path" }, example: "whk_0a1b2c3d4e5f6g7h8i9j" }),
});

export const CreateWebhookBody = z
  .object({
    url: z.url().max(2048).meta({
      description:
        "where events are POSTed: https only (plain http to 127.0.0.1/localhost only where the deployment allows it)",
      example: "https://bots.example.com/portfolio-events",
    }),
    events: z
      .array(eventType)
      .min(1)
      .max(accountEventTypes.length)
      .optional()
      .meta({
        description: "the event types to send; left out: every type, including types added later",
        example: ["fill.recorded", "balances.changed"],
      }),
    accountIds: z.array(accountId).min(1).max(100).optional().meta({
      description: "the accounts whose events to send; left out: every account of the owner",
    }),
  })
  .strict()
  .meta({ id: "CreateWebhookEndpoint" });

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(eventType).nullable().meta({ description: "null: every event type" }),
    accountIds: z.array(z.string()).nullable().meta({ description: "null: every account" }),
    active: z.boolean().meta({ description: "false once the endpoint answered 410 Gone" }),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });

export const CreatedWebhookEndpointSchema = WebhookEndpointSchema.extend({
  secret: z.string().nullable().meta({
    description:
      "the Standard Webhooks signing secret (`whsec_…`): shown in this answer only, never again (null in an Idempotency-Key replay, which does not keep it)",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).meta({ id: "CreatedWebhookEndpoint" });

export const WebhookEndpointListSchema = z
  .object({ data: z.array(WebhookEndpointSchema) })
  .meta({ id: "WebhookEndpointList" });

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().meta({ description: "also the `webhook-id` header of every attempt" }),
    eventType: z.string(),
    state: deliveryState,
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookDelivery" });

export const WebhookDeliveryListQuery = z
  .object({
    state: deliveryState.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const WebhookDeliveryListSchema = z
  .object({ data: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })
  .meta({ id: "WebhookDeliveryList" });

import { createRoute, z } from "@hono/zod-openapi";
import { createDb, findEvmAccountsTracking } from "@portfolio/db";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { webhookErrors } from "../../errors/error-schema.js";
import { limitBody, WEBHOOK_BODY_LIMIT } from "../../middleware/body-guard.js";
import { NoQuery } from "../no-query.js";
import { verifyAlchemySignature } from "./alchemy-signature.js";

/** Alchemy's network names and their chain ids; an unknown network matches by address alone. */
const ALCHEMY_CHAINS: Record<string, number> = {
  ETH_MAINNET: 1,
  ETH_SEPOLIA: 11155111,
  ETH_HOLESKY: 17000,
  BASE_MAINNET: 8453,
  BASE_SEPOLIA: 84532,
  ARB_MAINNET: 42161,
  ARB_SEPOLIA: 421614,
  OPT_MAINNET: 10,
  OPT_SEPOLIA: 11155420,
  MATIC_MAINNET: 137,
  MATIC_AMOY: 80002,
  BNB_MAINNET: 56,
  AVAX_MAINNET: 43114,
};

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** The parts of Alchemy's Address Activity payload we use; the rest is allowed and ignored. */
const AlchemyWebhook = z
  .object({
    webhookId: z.string().min(1).max(200),
    id: z.string().min(1).max(200),
    type: z.string().min(1),
    event: z
      .object({
        network: z.string().min(1),
        activity: z
          .array(z.object({ fromAddress: address.nullish(), toAddress: address.nullish() }).loose())
          .max(10_000)
          .default([]),
      })
      .loose(),
  })
  .loose()
  .meta({ id: "AlchemyWebhook" });

const Accepted = z
  .object({
    eventId: z.string(),
    /** accounts that track an address of the event */
    accounts: z.number().int(),
    /** of those, whose next sync moved to now (0 for a redelivered event) */
    scheduled: z.number().int(),
  })
  .meta({ id: "WebhookAccepted" });

const route = createRoute({
  operationId: "alchemyWebhook",
  method: "post",
  path: "/alchemy",
  summary: "Alchemy Address Activity: the accounts tracking those addresses sync now",
  description:
    "Authenticated by X-Alchemy-Signature (HMAC-SHA256 of the raw body), not by an API key. " +
    "The event is a hint: amounts are never taken from it; the accounts read the chain. Each " +
    "event id is applied once per account.",
  security: [],
  middleware: [limitBody(WEBHOOK_BODY_LIMIT), verifyAlchemySignature] as const,
  request: {
    query: NoQuery,
    headers: z.object({ "x-alchemy-signature": z.string() }),
    body: { content: { "application/json": { schema: AlchemyWebhook } }, required: true },
  },
  responses: {
    200: { description: "Accepted", content: { "application/json": { schema: Accepted } } },
    ...webhookErrors,
  },
});

export const alchemyWebhook = createApp().openapi(route, async (c) => {
  const event = c.req.valid("json");
  const eventId = `alchemy:${event.webhookId}:${event.id}`;
  if (event.type !== "ADDRESS_ACTIVITY") return c.json({ eventId, accounts: 0, scheduled: 0 }, 200);
  const addresses = new Set<string>();
  for (const a of event.event.activity)
    for (const x of [a.fromAddress, a.toAddress]) if (x) addresses.add(x.toLowerCase());
  const ids = await findEvmAccountsTracking(
    createDb(c.env.DB),
    [...addresses],
    ALCHEMY_CHAINS[event.event.network] ?? null,
  );
  const results = await Promise.all(
    ids.map((id) => accountClient(c.env.ACCOUNT, id).notify(eventId)),
  );
  const scheduled = results.filter((r) => r.ok && r.value.scheduled).length;
  return c.json({ eventId, accounts: ids.length, scheduled }, 200);
});

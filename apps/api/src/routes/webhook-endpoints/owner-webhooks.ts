import { webhookClient } from "@portfolio/sync";
import type { Context } from "hono";
import type { HonoEnv } from "../../hono-env.js";

/** The caller's owner and the client of that owner's webhook object (one per owner). */
export function ownerWebhooks(c: Context<HonoEnv>) {
  const owner = c.get("apiKey").owner;
  return { owner, webhooks: webhookClient(c.env.WEBHOOKS, owner) };
}

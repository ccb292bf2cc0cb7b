import { createDb } from "@portfolio/db";
import { AccountDO } from "./account-do.js";
import { PriceDO } from "./prices/price-do.js";
import { snapshotJob } from "./snapshots/write-snapshots.js";
import { WebhookDO } from "./webhooks/webhook-do.js";

// The sync worker's entry: only what the runtime loads (the handlers and the Durable Object
// classes). What other packages use of this one is in index.ts.
export { AccountDO, PriceDO, WebhookDO };

/** The sync worker has no public routes: accounts are reached through the API worker. */
export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return Response.json({ status: "ok", worker: "portfolio-sync" });
    return Response.json(
      { error: { code: "NOT_FOUND", message: "the sync worker has no public routes" } },
      { status: 404 },
    );
  },

  /** Cron: a portfolio snapshot per owner (hourly in wrangler.jsonc). */
  async scheduled(controller, env, ctx): Promise<void> {
    ctx.waitUntil(
      snapshotJob(
        createDb(env.DB),
        env.ACCOUNT,
        env.SNAPSHOT_BASE_CURRENCY,
        controller.scheduledTime,
        env.PRICES,
      ),
    );
  },
} satisfies ExportedHandler<SyncEnv>;

import { createDb } from "@portfolio/db";
import { snapshotJob } from "@portfolio/sync";
import { app } from "./app.js";
import { hotMatch } from "./hot-lane/hot-routes.js";
import { serveHot } from "./hot-lane/serve-hot.js";

/**
 * The API worker: the bots' balance reads and trade checks in their plain shape go through the
 * hot lane (the same checks without the router); everything else, and every request the hot
 * lane does not take whole, through the app.
 */
export default {
  fetch(req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const hot = hotMatch(req);
    return hot ? serveHot(req, env, ctx, hot) : app.fetch(req, env, ctx);
  },

  /**
   * The hourly snapshots, when the scheduled event comes here: under `pnpm dev` wrangler
   * delivers it to the session's first worker, this one (the dev runner fires it every hour).
   * In production the sync worker's cron runs the same job and this worker has no trigger.
   */
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): void {
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
} satisfies ExportedHandler<Env>;

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
} satisfies ExportedHandler<Env>;

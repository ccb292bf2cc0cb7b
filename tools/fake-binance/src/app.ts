import { Hono } from "hono";
import type { HonoEnv, StandIn } from "./env.ts";
import { failure, notFound, requestTarget } from "./respond.ts";
import { accountRoutes } from "./routes/account.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { earnFiatRoutes } from "./routes/earn-fiat.ts";
import { marketRoutes } from "./routes/market.ts";
import { walletRoutes } from "./routes/wallet.ts";

/**
 * The local Binance's HTTP side for one stand-in: Binance's REST routes and the /__admin/
 * controls. Routes match the path as sent (no decoding, no dot segments resolved), as the
 * stand-in always matched them; anything else is Binance's 404 (-1).
 */
export function createApp(stand: StandIn): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>({
    getPath: (req, options) => requestTarget(req, options?.env).split("?")[0] as string,
  });
  app.use(async function standIn(c, next) {
    c.set("stand", stand);
    await next();
  });
  app.route("/", marketRoutes);
  app.route("/", accountRoutes);
  app.route("/", walletRoutes);
  app.route("/", earnFiatRoutes);
  app.route("/__admin", adminRoutes);
  app.notFound(notFound);
  app.onError(failure);
  return app;
}

import { Hono } from "hono";
import type { HonoEnv } from "./env.ts";
import { binanceCall } from "./middleware/binance-call.ts";
import { answerFaults, slowFault } from "./middleware/faults.ts";
import { signed } from "./middleware/signed.ts";
import { rateLimit, weigh } from "./middleware/weight.ts";
import { answer, toJson } from "./respond.ts";
import type { Route } from "./route-kit.ts";

/**
 * A group of Binance REST routes as a sub-app, each behind the stand-in's middleware in the
 * order Binance applies them: the call and its log, the weight charge, slowMs, the rate limit,
 * fail5xx/malformed, the signature; then the route's own answer.
 */
export function binanceRoutes(table: Record<string, Route>): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  for (const [path, route] of Object.entries(table))
    app.on(
      route.method,
      path,
      binanceCall(route),
      weigh,
      slowFault,
      rateLimit,
      answerFaults,
      signed,
      (c) => {
        const { q, now } = c.var.call;
        const ctx = { q, now, fake: c.var.stand.fake, apiKey: c.var.apiKey };
        return answer(c, 200, toJson(route.handle(ctx)));
      },
    );
  return app;
}

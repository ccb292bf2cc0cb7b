import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../env.ts";
import { notFound, requestTarget } from "../respond.ts";
import { BinanceError, type Route } from "../route-kit.ts";

/**
 * A Binance REST call: its route's own method only (Hono answers HEAD through a GET route;
 * this stand-in never did), its parameters (the query and a form body), its weight and the
 * server's time (clockSkewMs applied). Every call it let in lands in the request log with the
 * status it got, unless the stand-in itself broke (a 500 is no Binance answer).
 */
export const binanceCall = (route: Route) =>
  createMiddleware<HonoEnv>(async function binanceCall(c, next) {
    if (c.req.method !== route.method) return notFound(c);
    const { fake, realNow } = c.var.stand;
    const target = requestTarget(c.req.raw, c.env);
    const qi = target.indexOf("?");
    const rawQuery = qi < 0 ? "" : target.slice(qi + 1);
    const body = await c.req.text();
    const q = new URLSearchParams(`${rawQuery}&${body}`);
    const weight = typeof route.weight === "function" ? route.weight(q) : route.weight;
    const skew = fake.faults.clockSkewMs;
    if (skew) fake.served.skewed++;
    c.set("call", { route, rawQuery, body, q, weight, now: realNow() + skew });
    await next();
    if (c.error && !(c.error instanceof BinanceError)) return;
    const key = c.req.header("x-mbx-apikey") ?? null;
    fake.requests.push({
      path: c.req.path,
      status: c.res.status,
      weight,
      bucket: route.bucket,
      key,
    });
  });

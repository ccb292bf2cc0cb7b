import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../env.ts";
import { answer, toJson } from "../respond.ts";
import { headerFor } from "../weights.ts";

/**
 * Charges the call's weight to its route's bucket. Every answer from here on, errors included,
 * says the bucket's used weight (X-MBX-USED-WEIGHT-1M and its kin, and X-MBX-USED-WEIGHT for
 * /api).
 */
export const weigh = createMiddleware<HonoEnv>(async function weigh(c, next) {
  const { fake, realNow } = c.var.stand;
  const { route, weight } = c.var.call;
  const verdict = fake.weights.charge(route.bucket, weight, realNow());
  const used: Record<string, string> = { [headerFor[route.bucket]]: String(verdict.used) };
  if (route.bucket === "api") used["X-MBX-USED-WEIGHT"] = String(verdict.used);
  c.set("usedHeaders", used);
  c.set("verdict", verdict);
  await next();
});

/** Past a limit: 429 with Retry-After, then 418 (banned) for a client that kept going; -1003. */
export const rateLimit = createMiddleware<HonoEnv>(async function rateLimit(c, next) {
  const verdict = c.var.verdict;
  if (verdict.ok) return next();
  const msg =
    verdict.status === 418
      ? `Way too much request weight used; IP banned until ${verdict.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`
      : `Too much request weight used; current limit is ${c.var.stand.fake.weights.limits.requestWeight} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;
  c.set("usedHeaders", { ...c.var.usedHeaders, "Retry-After": String(verdict.retryAfterSec) });
  return answer(c, verdict.status, toJson({ code: -1003, msg }));
});

import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env.js";

/**
 * Successful reads (GET, HEAD, trade checks) are logged one in this many, each line saying so in
 * `sampleRate` so counts can be rebuilt (the wide-event practice of sampling the common case).
 * Writes, errors and slow requests are always logged. The log line was the largest single cost
 * of a balance read (`BENCH_PROFILE=1 pnpm bench`).
 */
export const READ_LOG_SAMPLE = 10;
/** a request slower than this is logged whatever it was */
const SLOW_MS = 250;

let reads = 0;

function isRead(method: string, path: string): boolean {
  return method === "GET" || method === "HEAD" || path === "/v1/trades/check";
}

/** One structured log line per request (successful reads sampled): what happened, for whom, how long. Never secrets. */
export const wideEvent = createMiddleware<HonoEnv>(async function wideEvent(c, next) {
  const started = Date.now();
  await next();
  const durationMs = Date.now() - started;
  const status = c.res.status;
  const sampled = status < 400 && durationMs < SLOW_MS && isRead(c.req.method, c.req.path);
  if (sampled && reads++ % READ_LOG_SAMPLE !== 0) return;
  console.log(
    JSON.stringify({
      event: "request",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs,
      keyId: c.get("apiKey")?.id,
      accountId: c.get("accountId"),
      errorCode: c.get("errorCode"),
      sampleRate: sampled ? READ_LOG_SAMPLE : 1,
    }),
  );
});

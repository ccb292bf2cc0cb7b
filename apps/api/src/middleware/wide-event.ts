import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env.js";

/**
 * Successful reads (GET, HEAD, trade checks) are logged one in this many, each line saying so in
 * `sampleRate` so counts can be rebuilt (the wide-event practice of sampling the common case).
 * Writes, errors and slow requests are always logged. Bots poll: one that reads its balances and
 * checks a trade ten times a second makes 1.7 million reads a day, which one in a hundred keeps
 * at 17 thousand lines. A line costs its request 35–60 µs of workerd's CPU on the bench machine
 * (`perf` over `pnpm bench`): at one in ten, that was about a twelfth of what a trade check
 * cost above the runtime's floor.
 */
export const READ_LOG_SAMPLE = 100;
/** a request slower than this is logged whatever it was */
const SLOW_MS = 250;

let reads = 0;

function isRead(method: string, path: string): boolean {
  return method === "GET" || method === "HEAD" || path === "/v1/trades/check";
}

/** What one request's log line says. */
export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  keyId: string | undefined;
  accountId: string | undefined;
  errorCode: string | undefined;
}

/** Logs one request's line, unless it is a successful read that the sampling skips. Never secrets. */
export function logRequest(line: RequestLine): void {
  const sampled = line.status < 400 && line.durationMs < SLOW_MS && isRead(line.method, line.path);
  if (sampled && reads++ % READ_LOG_SAMPLE !== 0) return;
  console.log(
    JSON.stringify({ event: "request", ...line, sampleRate: sampled ? READ_LOG_SAMPLE : 1 }),
  );
}

/** One structured log line per request (successful reads sampled): what happened, for whom, how long. */
export const wideEvent = createMiddleware<HonoEnv>(async function wideEvent(c, next) {
  const started = Date.now();
  await next();
  logRequest({
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Date.now() - started,
    keyId: c.get("apiKey")?.id,
    accountId: c.get("accountId"),
    errorCode: c.get("errorCode"),
  });
});

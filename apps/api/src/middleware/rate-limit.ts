import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";

const WINDOW_MS = 60_000;
/**
 * Every this-many-th request of a key in an isolate also counts at the rate-limiting binding,
 * whose limit is the per-minute limit divided by the same (wrangler.jsonc): the binding sees
 * every isolate of a location, however the key's requests are spread over them, at a fiftieth
 * of the calls (a call costs more than the rest of a bot's request: `BENCH_PROFILE=1 pnpm bench`).
 * Counted, not drawn: an isolate's share reaches the binding short by at most 49 requests.
 */
export const BINDING_EVERY = 50;

interface Window {
  start: number;
  count: number;
  /** the binding said this key is over its limit: refused until then */
  blockedUntil: number;
  /** the key's requests in this isolate since it last asked the binding (kept across windows) */
  sinceAsked: number;
}

/** Per-key windows of this isolate; bounded by the configured keys, the only ones counted. */
const windows = new Map<string, Window>();

function windowOf(key: string, now: number): Window {
  let w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    w = {
      start: now - (now % WINDOW_MS),
      count: 0,
      blockedUntil: w?.blockedUntil ?? 0,
      sinceAsked: w?.sinceAsked ?? 0,
    };
    windows.set(key, w);
  }
  return w;
}

/** The configured limit; a value that is no positive whole number fails loudly, never open. */
function perMinute(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`RATE_LIMIT_PER_MINUTE must be a positive whole number, got ${raw}`);
  return n;
}

/**
 * Per-key rate limit, `RATE_LIMIT_PER_MINUTE` requests a minute. Counted in the isolate's memory
 * (exact for the isolate, no I/O on the hot path) and, every {@link BINDING_EVERY}th request, at
 * the Workers rate-limiting binding without waiting for its answer: a key over the
 * location-wide limit is refused from its next request on. A 429 says in `Retry-After` when the
 * window reopens.
 */
export function admitKey(env: Env, keyId: string, waitUntil: (p: Promise<unknown>) => void): void {
  const limit = perMinute(env.RATE_LIMIT_PER_MINUTE);
  const now = Date.now();
  const w = windowOf(keyId, now);
  w.count++;
  if (w.count > limit || w.blockedUntil > now) {
    const until = Math.max(w.start + WINDOW_MS, w.blockedUntil);
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    throw new ApiError(
      "RATE_LIMITED",
      "too many requests for this API key; slow down",
      { limitPerMinute: limit, retryAfterSeconds: seconds },
      { "Retry-After": String(seconds) },
    );
  }
  if (++w.sinceAsked >= BINDING_EVERY) {
    w.sinceAsked = 0;
    waitUntil(
      env.KEY_RATE_LIMIT.limit({ key: keyId }).then(({ success }) => {
        if (!success) w.blockedUntil = w.start + WINDOW_MS;
      }),
    );
  }
}

export const rateLimitPerKey = createMiddleware<HonoEnv>(async function rateLimitPerKey(c, next) {
  admitKey(c.env, c.get("apiKey").id, (p) => c.executionCtx.waitUntil(p));
  await next();
});

import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env.js";

/** One structured log line per request: what happened, for whom, how long. Never secrets. */
export const wideEvent = createMiddleware<HonoEnv>(async function wideEvent(c, next) {
  const started = Date.now();
  await next();
  console.log(
    JSON.stringify({
      event: "request",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
      keyId: c.get("apiKey")?.id,
      accountId: c.get("accountId"),
      errorCode: c.get("errorCode"),
    }),
  );
});

import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env.js";

const MAX_LENGTH = 64;
const UNSAFE = /[^\w\-=]/;

/** The caller's `X-Request-Id` when it is short and plain (letters, digits, `_-=`), else a new UUID. */
export function requestIdOf(sent: string | null | undefined): string {
  return sent && sent.length <= MAX_LENGTH && !UNSAFE.test(sent) ? sent : crypto.randomUUID();
}

/** Every answer names its request in `X-Request-Id` (and every log line does too). */
export const assignRequestId = createMiddleware<HonoEnv>(async function assignRequestId(c, next) {
  const id = requestIdOf(c.req.header("x-request-id"));
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
});

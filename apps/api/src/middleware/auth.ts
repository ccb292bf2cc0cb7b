import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";
import { apiKeysFrom, type Scope, sha256Hex } from "./api-keys.js";

/** Bearer API-key authentication: the token's SHA-256 must match a configured key. */
export const authenticate = createMiddleware<HonoEnv>(async function authenticate(c, next) {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9_\-.]{16,200})$/.exec(header);
  if (!match?.[1])
    throw new ApiError("UNAUTHORIZED", "send an API key as `Authorization: Bearer <key>`");
  const key = apiKeysFrom(c.env.API_KEYS).get(await sha256Hex(match[1]));
  if (!key) throw new ApiError("UNAUTHORIZED", "unknown API key");
  c.set("apiKey", key);
  await next();
});

/** Per-key rate limit through the Workers rate-limiting binding. */
export const rateLimitPerKey = createMiddleware<HonoEnv>(async function rateLimitPerKey(c, next) {
  const { success } = await c.env.KEY_RATE_LIMIT.limit({ key: c.get("apiKey").id });
  if (!success) throw new ApiError("RATE_LIMITED", "too many requests for this API key; slow down");
  await next();
});

/** Every route names the scope it needs; a key without it gets 403. */
export function requireScope(scope: Scope) {
  return createMiddleware<HonoEnv>(async function requireScopeMiddleware(c, next) {
    if (!c.get("apiKey").scopes.includes(scope)) {
      throw new ApiError("FORBIDDEN", `this API key lacks the "${scope}" scope`, {
        required: scope,
      });
    }
    await next();
  });
}

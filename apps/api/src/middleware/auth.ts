import { sha256Hex } from "@portfolio/core";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";
import { type ApiKey, apiKeysFrom, type Scope } from "./api-keys.js";
import { cleanJsonBody, JSON_BODY_LIMIT, limitBody } from "./body-guard.js";

/** Tokens this isolate already matched, by their hash; bounded, oldest forgotten first. */
const knownTokens = new Map<string, string>();
const KNOWN_TOKENS_MAX = 1024;

/** The SHA-256 of a presented token, computed once per isolate for each token that matched. */
async function tokenHash(token: string): Promise<string> {
  const known = knownTokens.get(token);
  if (known) return known;
  return sha256Hex(token);
}

/**
 * The key of a bearer token this isolate already matched, found without hashing or waiting;
 * undefined for any other header (which {@link apiKeyOf} then judges). A key taken out of
 * `API_KEYS` is not found, whatever this isolate remembers.
 */
export function knownApiKey(header: string | null, env: Env): ApiKey | undefined {
  const hash = header?.startsWith("Bearer ") ? knownTokens.get(header.slice(7)) : undefined;
  return hash === undefined ? undefined : apiKeysFrom(env.API_KEYS).get(hash);
}

/**
 * The API key an `Authorization: Bearer <token>` header presents: the token's SHA-256 must match
 * a configured key, else 401.
 */
export async function apiKeyOf(header: string | null | undefined, env: Env): Promise<ApiKey> {
  const match = /^Bearer ([A-Za-z0-9_\-.]{16,200})$/.exec(header ?? "");
  if (!match?.[1])
    throw new ApiError("UNAUTHORIZED", "send an API key as `Authorization: Bearer <key>`");
  const hash = await tokenHash(match[1]);
  const key = apiKeysFrom(env.API_KEYS).get(hash);
  if (!key) throw new ApiError("UNAUTHORIZED", "unknown API key");
  if (!knownTokens.has(match[1])) {
    if (knownTokens.size >= KNOWN_TOKENS_MAX)
      knownTokens.delete(knownTokens.keys().next().value ?? "");
    knownTokens.set(match[1], hash);
  }
  return key;
}

/** Bearer API-key authentication for every /v1 route. */
export const authenticate = createMiddleware<HonoEnv>(async function authenticate(c, next) {
  c.set("apiKey", await apiKeyOf(c.req.header("authorization"), c.env));
  await next();
});

/** A key without `scope` gets 403. */
export function assertScope(key: ApiKey, scope: Scope): void {
  if (!key.scopes.includes(scope)) {
    throw new ApiError("FORBIDDEN", `this API key lacks the "${scope}" scope`, {
      required: scope,
    });
  }
}

/** One cap for every JSON body, made once (the routes share it). */
const jsonBodyLimit = limitBody(JSON_BODY_LIMIT);

/**
 * Every route names the scope it needs; a key without it gets 403. Only then is the body looked
 * at: over 64 KiB is a 413 before it is read, and a JSON body must be clean UTF-8 JSON. Three
 * middleware in the route's own chain (not one combined per request: that allocated a new chain
 * on every call).
 */
export function requireScope(scope: Scope): MiddlewareHandler<HonoEnv>[] {
  return [scopeCheck(scope), jsonBodyLimit, cleanJsonBody];
}

function scopeCheck(scope: Scope) {
  return createMiddleware<HonoEnv>(async function requireScopeMiddleware(c, next) {
    assertScope(c.get("apiKey"), scope);
    await next();
  });
}

/**
 * A route's scope, enforced and documented: the middleware checks it, and the operation's
 * security requirement names it (`bearer: ["trade"]`), so the OpenAPI document says which key
 * may call what.
 */
export function scoped(scope: Scope): {
  middleware: MiddlewareHandler<HonoEnv>[];
  security: { bearer: string[] }[];
} {
  return { middleware: requireScope(scope), security: [{ bearer: [scope] }] };
}

import { z } from "@hono/zod-openapi";
import { sha256Hex } from "@portfolio/core";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  createDb,
  releaseIdempotencyKey,
} from "@portfolio/db";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";
import type { Scope } from "./api-keys.js";
import { scoped } from "./auth.js";

/** How long the first 2xx answer under a key is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * How long a first request that never finished (its isolate died) holds its key. The work runs
 * under `waitUntil`, so a client that hangs up does not leave a key pending; creations take
 * seconds, so after this the key is taken as abandoned and free again.
 */
export const IDEMPOTENCY_LEASE_MS = 60_000;

const PRINTABLE_ASCII = /^[\x20-\x7E]{1,255}$/;
const KEY_PROBLEM =
  "Idempotency-Key must be 1 to 255 printable ASCII characters (bare, or as a quoted string)";

/**
 * The key in an `Idempotency-Key` header, or null when it is not one. The IETF draft spells it
 * as a structured-field string (`"8e03…"`), Stripe and most clients bare: both name the same key.
 */
export function parseIdempotencyKey(header: string): string | null {
  let key = header;
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"'))
    key = key.slice(1, -1).replace(/\\(["\\])/g, "$1");
  return PRINTABLE_ASCII.test(key) ? key : null;
}

/** The request header of every route that takes an `Idempotency-Key` (documented in OpenAPI). */
export const IdempotencyKeyHeader = z.object({
  "idempotency-key": z
    .string()
    .refine((v) => parseIdempotencyKey(v) !== null, KEY_PROBLEM)
    .optional()
    .meta({
      description:
        "A key of yours (a UUID is a good choice; 1 to 255 printable ASCII characters) that makes this request safe to retry: the same key with the same body answers the first 2xx answer again, for 24 hours, with `Idempotent-Replayed: true`, and creates nothing more. The same key with another body or on another route is a 409 (details.reason IDEMPOTENCY_KEY_REUSED); while the first request still runs, a 409 with details.reason IDEMPOTENCY_KEY_IN_FLIGHT and `Retry-After`. A 4xx or 5xx answer is not kept: the key is free again. Keys are per owner.",
      example: "5f0c1a9e-3c1b-4f7e-9a51-0d6f2b7c8e11",
    }),
});

/**
 * The answer as it is kept for replay: a secret shown once (a webhook endpoint's signing secret)
 * is not kept, and a replay answers it as null.
 */
function replayable(body: string): string {
  try {
    const value = JSON.parse(body) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value) && "secret" in value)
      return JSON.stringify({ ...value, secret: null });
  } catch {
    // not JSON: kept as it is
  }
  return body;
}

async function fingerprint(method: string, path: string, body: ArrayBuffer): Promise<string> {
  const head = new TextEncoder().encode(`${method}\n${path}\n`);
  const canonical = new Uint8Array(head.length + body.byteLength);
  canonical.set(head);
  canonical.set(new Uint8Array(body), head.length);
  return sha256Hex(canonical);
}

function logFailure(event: string, requestId: string, cause: unknown) {
  console.error(JSON.stringify({ event, requestId, error: String(cause) }));
}

/**
 * `Idempotency-Key` on a route that creates something (after the scope check and the body
 * guard, before validation). Without the header the request runs as usual. With it, the key is
 * claimed in D1 for the owner (a pending row), the request runs, and a 2xx answer is stored for
 * replay while any other answer frees the key. The fingerprint is the SHA-256 of the method, the
 * path and the body's bytes; the route (method and path template) is stored beside it.
 */
export const idempotency = createMiddleware<HonoEnv>(async function idempotency(c, next) {
  const header = c.req.header("idempotency-key");
  if (header === undefined) return next();
  const key = parseIdempotencyKey(header);
  if (key === null)
    throw new ApiError("VALIDATION_FAILED", `invalid header: idempotency-key: ${KEY_PROBLEM}`, {
      issues: [{ path: "idempotency-key", message: KEY_PROBLEM }],
    });
  const db = createDb(c.env.DB);
  const now = Date.now();
  const claim = await claimIdempotencyKey(db, {
    owner: c.get("apiKey").owner,
    key,
    route: `${c.req.method} ${routePath(c)}`,
    fingerprint: await fingerprint(c.req.method, c.req.path, await c.req.arrayBuffer()),
    now,
    leaseMs: IDEMPOTENCY_LEASE_MS,
  });
  if (claim.kind === "pending") {
    c.header("Retry-After", "1");
    throw new ApiError(
      "CONFLICT",
      "a request with this Idempotency-Key is still being processed; retry in a moment to get its answer",
      { reason: "IDEMPOTENCY_KEY_IN_FLIGHT" },
    );
  }
  if (claim.kind === "mismatch") {
    throw new ApiError(
      "CONFLICT",
      claim.sameRoute
        ? "this Idempotency-Key was already used with another request body; use a new key for a new request"
        : "this Idempotency-Key was already used on another route; use a new key for a new request",
      { reason: "IDEMPOTENCY_KEY_REUSED" },
    );
  }
  if (claim.kind === "completed") {
    return c.body(claim.body, claim.status as ContentfulStatusCode, {
      "Content-Type": "application/json",
      "Idempotent-Replayed": "true",
    });
  }
  // the rest runs under waitUntil: a client that hangs up mid-request leaves no pending key
  const requestId = c.get("requestId");
  const work = (async () => {
    try {
      await next();
    } catch (cause) {
      await releaseIdempotencyKey(db, claim.id).catch((e) =>
        logFailure("idempotency_release_failed", requestId, e),
      );
      throw cause;
    }
    const { status } = c.res;
    try {
      if (status >= 200 && status < 300) {
        await completeIdempotencyKey(db, claim.id, {
          status,
          body: replayable(await c.res.clone().text()),
          expiresAt: new Date(now + IDEMPOTENCY_TTL_MS),
        });
      } else {
        await releaseIdempotencyKey(db, claim.id);
      }
    } catch (cause) {
      // the answer stands; the key stays pending until its lease ends
      logFailure("idempotency_store_failed", requestId, cause);
    }
  })();
  c.executionCtx.waitUntil(work.catch(() => undefined));
  await work;
});

/**
 * A creating route's scope and its `Idempotency-Key` handling, as `scoped()` gives the scope
 * alone: the key is looked at only once the key's scope and the body are known to be fine.
 */
export function idempotentScoped(scope: Scope): {
  middleware: MiddlewareHandler<HonoEnv>[];
  security: { bearer: string[] }[];
} {
  const s = scoped(scope);
  return { middleware: [...s.middleware, idempotency], security: s.security };
}

import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors/api-error.js";
import type { HonoEnv } from "../hono-env.js";

/** The largest JSON body an API route reads (64 KiB); documented in the README. */
export const JSON_BODY_LIMIT = 64 * 1024;
/** The largest body a webhook reads (1 MiB): providers batch events, never this much. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Refuses a body over `maxSize` bytes with 413 before reading past the limit: by its
 * Content-Length when it has one, else while it streams in (hono's body-limit).
 */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `the request body is over ${maxSize} bytes`, {
        limit: maxSize,
      });
    },
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (key or value) holding a NUL or a lone surrogate, or null. */
export function badStringPath(value: unknown, path = "body"): string | null {
  const bad = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);
  if (typeof value === "string") return bad(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = badStringPath(v, `${path}.${i}`);
      if (p) return p;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (bad(k)) return `${path}.${JSON.stringify(k).slice(1, -1)}`;
      const p = badStringPath(v, `${path}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A JSON body must be valid UTF-8 and valid JSON, and no string in it (key or value) may hold a
 * NUL or a lone surrogate: such strings break storage, logs and other clients. The route's own
 * schema validates the shape after this.
 */
export const cleanJsonBody = createMiddleware<HonoEnv>(async function cleanJsonBody(c, next) {
  const type = c.req.header("content-type") ?? "";
  if (c.req.raw.body && /^application\/(.+\+)?json\b/i.test(type)) {
    let text: string;
    try {
      text = fatalUtf8.decode(await c.req.arrayBuffer());
    } catch {
      throw new ApiError("BAD_REQUEST", "the request body is not valid UTF-8");
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError("BAD_REQUEST", "the request body is not valid JSON");
    }
    const path = badStringPath(value);
    if (path)
      throw new ApiError(
        "VALIDATION_FAILED",
        `${path}: NUL bytes and lone surrogates are refused`,
        {
          path,
        },
      );
  }
  await next();
});

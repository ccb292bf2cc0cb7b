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
      throw tooLarge(maxSize);
    },
  });
}

function tooLarge(maxSize: number): ApiError {
  return new ApiError("PAYLOAD_TOO_LARGE", `the request body is over ${maxSize} bytes`, {
    limit: maxSize,
  });
}

/**
 * The whole body of `req`, refused with 413 past `maxSize` bytes: by its Content-Length before
 * reading, else as it streams in (the check {@link limitBody} makes, for code outside the app).
 */
export async function readCapped(req: Request, maxSize: number): Promise<ArrayBuffer> {
  const length = req.headers.get("content-length");
  if (length !== null && Number(length) > maxSize) throw tooLarge(maxSize);
  // a declared length is enforced by the runtime (a body that runs past it is an error), so
  // the native read is safe and much cheaper than iterating the stream
  if (length !== null || !req.body) return req.arrayBuffer();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.byteLength;
    if (size > maxSize) throw tooLarge(maxSize);
    chunks.push(chunk);
  }
  if (chunks.length === 1) return (chunks[0] as Uint8Array).slice().buffer;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
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
 * NUL or a lone surrogate: such strings break storage, logs and other clients. Returns the parsed
 * value; the route's own schema validates its shape after this.
 */
export function parseCleanJson(bytes: ArrayBuffer): unknown {
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    throw new ApiError("BAD_REQUEST", "the request body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("BAD_REQUEST", "the request body is not valid JSON");
  }
  // valid JSON from valid UTF-8 can only spell a NUL or a lone surrogate as a \u escape (raw
  // control characters are not JSON, surrogates are not UTF-8): without one, there is none
  const path = text.includes("\\u") ? badStringPath(value) : null;
  if (path)
    throw new ApiError("VALIDATION_FAILED", `${path}: NUL bytes and lone surrogates are refused`, {
      path,
    });
  return value;
}

/** A JSON media type (`application/json`, `application/problem+json`…). */
export const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/** Every JSON body passes {@link parseCleanJson} before the route's validator reads it. */
export const cleanJsonBody = createMiddleware<HonoEnv>(async function cleanJsonBody(c, next) {
  if (c.req.raw.body && JSON_TYPE.test(c.req.header("content-type") ?? ""))
    parseCleanJson(await c.req.arrayBuffer());
  await next();
});

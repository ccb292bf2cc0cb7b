import { fromHex } from "@portfolio/core";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../../errors/api-error.js";
import type { HonoEnv } from "../../hono-env.js";

const encoder = new TextEncoder();

/**
 * Whether `signature` (hex) is the HMAC-SHA256 of `body` under one of `keys`. WebCrypto's verify
 * compares in constant time.
 */
export async function signedByAnyOf(
  keys: string[],
  body: string,
  signature: string,
): Promise<boolean> {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const mac = fromHex(signature);
  for (const k of keys) {
    const key = await crypto.subtle.importKey(
      "raw",
      encoder.encode(k),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    if (await crypto.subtle.verify("HMAC", key, mac, encoder.encode(body))) return true;
  }
  return false;
}

/**
 * Alchemy signs each webhook with HMAC-SHA256 over the raw body, hex, in `X-Alchemy-Signature`,
 * under the webhook's signing key. `ALCHEMY_SIGNING_KEYS` holds the keys (comma-separated, so a
 * key can be rotated); set to `none`, the endpoint does not exist. Runs before the body is parsed.
 */
export const verifyAlchemySignature = createMiddleware<HonoEnv>(
  async function verifyAlchemySignature(c, next) {
    const keys = (c.env.ALCHEMY_SIGNING_KEYS ?? "")
      .split(",")
      .map((k) => k.trim())
      // a real key is long ("whsec_…"); "none" or an empty value turns the endpoint off
      .filter((k) => k.length >= 16);
    if (keys.length === 0) throw new ApiError("NOT_FOUND", "webhooks are not configured");
    const body = await c.req.text();
    if (!(await signedByAnyOf(keys, body, c.req.header("x-alchemy-signature") ?? "")))
      throw new ApiError("UNAUTHORIZED", "X-Alchemy-Signature does not match the body");
    await next();
  },
);

import { toHex } from "@portfolio/core";

/** HMAC-SHA256 of `body` under `key`, lowercase hex: how a test signs a webhook as its sender would. */
export async function hmacSha256Hex(key: string, body: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(body));
  return toHex(mac);
}

/**
 * Request signing as Binance specifies it (rest-api.md, "SIGNED endpoint security"): the payload
 * is the query string followed by the body with no separator, exactly as sent; HMAC-SHA256 signs
 * it as lowercase hex, Ed25519 as base64 (percent-encoded into the query by the caller).
 */
import { fromBase64, toBase64, toHex } from "@portfolio/core";

const enc = new TextEncoder();

export async function importHmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

export async function hmacHex(key: CryptoKey, payload: string): Promise<string> {
  return toHex(await crypto.subtle.sign("HMAC", key, enc.encode(payload)));
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  return fromBase64(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/\s+/g, ""));
}

/** Imports a PKCS#8 Ed25519 private key; a runtime without Ed25519 fails here with a clear error. */
export async function importEd25519Key(pkcs8Pem: string): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("pkcs8", pemBody(pkcs8Pem), { name: "Ed25519" }, false, [
      "sign",
    ]);
  } catch (cause) {
    throw new Error(
      `cannot import the Ed25519 key (PKCS#8 PEM expected, and a runtime with WebCrypto Ed25519): ${String(cause)}`,
    );
  }
}

export async function ed25519Base64(key: CryptoKey, payload: string): Promise<string> {
  return toBase64(await crypto.subtle.sign({ name: "Ed25519" }, key, enc.encode(payload)));
}

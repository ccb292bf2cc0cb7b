import { createHmac, type KeyObject, timingSafeEqual, verify } from "node:crypto";

// What a signed request (REST or WebSocket API) must satisfy, apart from how each API builds
// the payload it signs.

/**
 * Whether `signature` signs `payload` with `key`: HMAC-SHA256 in hex (any case) for a key with
 * a secret, else Ed25519 in base64 (`decode` first undoes the transport's encoding of it).
 */
export function signatureMatches(
  key: { secret?: string },
  edKey: KeyObject | null,
  payload: string,
  signature: string,
  decode: (s: string) => string = (s) => s,
): boolean {
  if (key.secret) {
    const expected = createHmac("sha256", key.secret).update(payload).digest("hex");
    const got = signature.toLowerCase();
    return (
      got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected))
    );
  }
  if (edKey)
    return verify(null, Buffer.from(payload), edKey, Buffer.from(decode(signature), "base64"));
  return false;
}

/** A request's `timestamp` in ms: Binance takes milliseconds or microseconds (16 digits). */
export function timestampMs(ts: string): number {
  return ts.length >= 16 ? Number(ts) / 1000 : Number(ts);
}

/** Binance's -1021 message for a timestamp the server refuses at `now`, or null. */
export function timestampRefusal(timestamp: number, recvWindow: number, now: number) {
  if (timestamp >= now + 1000)
    return "Timestamp for this request was 1000ms ahead of the server's time.";
  if (now - timestamp > recvWindow)
    return "Timestamp for this request is outside of the recvWindow.";
  return null;
}

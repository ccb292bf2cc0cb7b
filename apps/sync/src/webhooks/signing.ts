import { toBase64 } from "@portfolio/core";
import { Webhook } from "standardwebhooks";

const SECRET_BYTES = 32;
export const SECRET_PREFIX = "whsec_";

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes (WebCrypto), base64. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * The Standard Webhooks headers of one message: `webhook-id` (the same on every retry),
 * `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret), by the
 * `standardwebhooks` library.
 */
export function signMessage(secret: string, id: string, at: Date, body: string): SignedHeaders {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

import type { KeyObject } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../env.ts";
import { BinanceError, bad, mandatory } from "../route-kit.ts";
import { signatureMatches, timestampMs, timestampRefusal } from "../signature.ts";

/**
 * A SIGNED endpoint's checks, in Binance's order: the API key (-2014 malformed, -2015 unknown),
 * the signature (-1102 missing, -1022 wrong), then the timestamp (-1102) and recvWindow (-1131,
 * at most 60 s), and the time itself (-1021: 1 s ahead of the server, or older than recvWindow).
 */
export const signed = createMiddleware<HonoEnv>(async function signed(c, next) {
  const { route, q, rawQuery, body, now } = c.var.call;
  c.set("apiKey", null);
  if (!route.signed) return next();
  const { fake, keys, edKeys } = c.var.stand;
  const keyId = c.req.header("x-mbx-apikey");
  if (typeof keyId !== "string" || keyId.length < 16)
    throw new BinanceError(401, -2014, "API-key format invalid.");
  const key = keys.find((k) => k.key === keyId);
  if (!key) throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
  if (!q.get("signature")) throw mandatory("signature");
  if (!signsTotalParams(key, edKeys.get(key.key) ?? null, rawQuery, body))
    throw new BinanceError(400, -1022, "Signature for this request is not valid.");
  c.set("apiKey", key);
  const ts = q.get("timestamp");
  if (!ts || !/^\d+$/.test(ts)) throw mandatory("timestamp");
  const recvWindow = Number(q.get("recvWindow") ?? "5000");
  if (!(recvWindow > 0 && recvWindow <= 60000))
    throw bad(-1131, "recvWindow must be less than 60000");
  const refusal = timestampRefusal(timestampMs(ts), recvWindow, now);
  if (refusal) {
    fake.served.timestampRejected++;
    throw bad(-1021, refusal);
  }
  await next();
});

/**
 * The signature may travel in the query or in a form-encoded body, last either way; it signs
 * totalParams, the query string followed by the body, without the signature itself.
 */
function signsTotalParams(
  key: { secret?: string },
  edKey: KeyObject | null,
  rawQuery: string,
  body: string,
): boolean {
  const inQuery = /(?:^|&)signature=([^&]*)$/.exec(rawQuery);
  const inBody = inQuery ? null : /(?:^|&)signature=([^&]*)$/.exec(body);
  const m = inQuery ?? inBody;
  if (!m?.[1]) return false;
  const payload = inQuery ? rawQuery.slice(0, m.index) + body : rawQuery + body.slice(0, m.index);
  return signatureMatches(key, edKey, payload, m[1], decodeURIComponent);
}

import type { KeyObject } from "node:crypto";
import { BinanceError } from "./route-kit.ts";
import { signatureMatches, timestampMs, timestampRefusal } from "./signature.ts";
import type { Conn, Deps, StreamStats, WsKey } from "./ws-api.ts";

// The WebSocket API's requests: `{id, method, params}` answered `{id, status, result | error,
// rateLimits}`, weight charged to the REST API's REQUEST_WEIGHT budget.

/** The WebSocket API's signature payload: every param but `signature`, sorted, raw UTF-8. */
export function wsPayload(params: Record<string, unknown>): string {
  return Object.keys(params)
    .filter((k) => k !== "signature")
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join("&");
}

function signatureValid(key: WsKey, edKey: KeyObject | null, params: Record<string, unknown>) {
  const sig = params.signature;
  if (typeof sig !== "string" || sig === "") return false;
  return signatureMatches(key, edKey, wsPayload(params), sig);
}

/** What answers one connection's requests; `stats` and `subscribesByKey` count what it did. */
export function wsAnswerer(
  deps: Deps,
  stats: StreamStats,
  subscribesByKey: Map<string, number>,
): (c: Conn, raw: string) => void {
  const now = () => deps.realNow() + deps.skewMs();
  const rateLimits = () => [
    {
      rateLimitType: "REQUEST_WEIGHT",
      interval: "MINUTE",
      intervalNum: 1,
      limit: deps.requestWeightLimit(),
      count: deps.weights.current("api", deps.realNow()),
    },
  ];

  function subscribe(c: Conn, params: Record<string, unknown>): object {
    const apiKey = params.apiKey;
    if (typeof apiKey !== "string" || apiKey === "")
      throw new BinanceError(
        400,
        -1102,
        "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.",
      );
    for (const name of ["timestamp", "signature"])
      if (params[name] === undefined || params[name] === "")
        throw new BinanceError(
          400,
          -1102,
          `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
        );
    const key = deps.keys.find((k) => k.key === apiKey);
    if (!key) throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
    if (!signatureValid(key, deps.edKeys.get(key.key) ?? null, params))
      throw new BinanceError(400, -1022, "Signature for this request is not valid.");
    const timestamp = timestampMs(String(params.timestamp));
    const recvWindow = params.recvWindow === undefined ? 5000 : Number(params.recvWindow);
    const refusal = timestampRefusal(timestamp, recvWindow, now());
    if (refusal) {
      deps.served.timestampRejected++;
      throw new BinanceError(400, -1021, refusal);
    }
    if ([...c.subs.values()].some((s) => s.uid === key.uid))
      throw new BinanceError(400, -1210, "This account is already subscribed on this connection.");
    const id = c.nextSub++;
    c.subs.set(id, { uid: key.uid, key: key.key });
    stats.subscribes++;
    subscribesByKey.set(key.key, (subscribesByKey.get(key.key) ?? 0) + 1);
    stats.subscriptions++;
    return { subscriptionId: id };
  }

  function answer(c: Conn, raw: string): void {
    let req: { id?: unknown; method?: unknown; params?: unknown };
    try {
      req = JSON.parse(raw) as typeof req;
    } catch {
      c.ws.send(
        JSON.stringify({
          id: null,
          status: 400,
          error: { code: -1102, msg: "Malformed request." },
        }),
      );
      return;
    }
    if (deps.skewMs()) deps.served.skewed++;
    const id = req.id ?? null;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const weight = req.method === "ping" || req.method === "time" ? 1 : 2;
    const verdict = deps.weights.charge("api", weight, deps.realNow());
    if (!verdict.ok) {
      c.ws.send(
        JSON.stringify({
          id,
          status: verdict.status,
          error: {
            code: -1003,
            msg: "Too much request weight used.",
            data: { retryAfter: verdict.retryAfterSec },
          },
          rateLimits: rateLimits(),
        }),
      );
      return;
    }
    try {
      let result: object;
      switch (req.method) {
        case "ping":
          result = {};
          break;
        case "time":
          result = { serverTime: now() };
          break;
        case "userDataStream.subscribe.signature":
          result = subscribe(c, params);
          break;
        case "userDataStream.unsubscribe": {
          const which = params.subscriptionId;
          const ids = which === undefined ? [...c.subs.keys()] : [Number(which)];
          for (const s of ids) {
            if (!c.subs.delete(s)) continue;
            stats.subscriptions--;
            c.ws.send(
              JSON.stringify({
                subscriptionId: s,
                event: { e: "eventStreamTerminated", E: now() },
              }),
            );
          }
          result = {};
          break;
        }
        case "session.subscriptions":
          c.ws.send(
            JSON.stringify({
              id,
              status: 200,
              result: [...c.subs.keys()].map((s) => ({ subscriptionId: s })),
              rateLimits: rateLimits(),
            }),
          );
          return;
        default:
          throw new BinanceError(400, -1020, "This operation is not supported.");
      }
      c.ws.send(JSON.stringify({ id, status: 200, result, rateLimits: rateLimits() }));
    } catch (err) {
      if (!(err instanceof BinanceError)) throw err;
      if (req.method === "userDataStream.subscribe.signature") stats.refused++;
      c.ws.send(
        JSON.stringify({
          id,
          status: err.status,
          error: { code: err.code, msg: err.message },
          rateLimits: rateLimits(),
        }),
      );
    }
  }

  return answer;
}

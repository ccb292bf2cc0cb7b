import { createHmac, type KeyObject, timingSafeEqual, verify } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { WeightBook } from "./weights.ts";

/**
 * Binance's WebSocket API (web-socket-api.md, user-data-stream-requests.md) on the stand-in's
 * own port at `/ws-api/v3`: JSON requests `{id, method, params}` answered `{id, status, result |
 * error, rateLimits}`, the user data stream through `userDataStream.subscribe.signature` (any key
 * type; params sorted and signed raw), a ping frame every 20 s that must be answered within a
 * minute, and connections closed at 24 h. Weight is charged to the same REQUEST_WEIGHT budget
 * as the REST API.
 */
export const WS_API_PATH = "/ws-api/v3";

export interface WsKey {
  key: string;
  secret?: string;
  /** the account this key belongs to (events of other accounts never reach it) */
  uid: number;
}

export interface StreamSettings {
  /** how often the server pings (Binance: 20 s) */
  pingIntervalMs: number;
  /** a connection that has not answered a ping for this long is dropped (Binance: 1 min) */
  pongTimeoutMs: number;
  /** connections are closed this long after they opened (Binance: 24 h) */
  lifetimeMs: number;
}

export const BINANCE_STREAM_SETTINGS: StreamSettings = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  lifetimeMs: 24 * 3_600_000,
};

export interface StreamStats {
  /** connections open now */
  open: number;
  /** connections ever accepted */
  connections: number;
  /** active user data stream subscriptions */
  subscriptions: number;
  /** successful userDataStream.subscribe.signature calls, ever */
  subscribes: number;
  /** refused subscribe calls (bad key, signature, timestamp) */
  refused: number;
  pings: number;
  pongs: number;
  /** events sent to subscriptions */
  eventsSent: number;
  /** connections ended by the stand-in: dropped by an admin call, at their lifetime, unanswered pings */
  dropped: number;
  expired: number;
  timedOut: number;
}

interface Conn {
  ws: WebSocket;
  /** subscriptionId → the account and the API key it was subscribed with */
  subs: Map<number, { uid: number; key: string }>;
  nextSub: number;
  lastPong: number;
  timers: NodeJS.Timeout[];
}

export interface WsApi {
  settings: StreamSettings;
  stats: StreamStats;
  /** open connections and subscriptions ever made with API key `key` */
  statsOf(key: string): { open: number; subscribes: number };
  /** sends each event to every subscription of account `uid`; returns how many were sent */
  emit(uid: number, events: object[]): number;
  /**
   * drops connections abruptly (no close frame), as a network failure would: every one, or
   * only those holding a subscription of API key `key`
   */
  dropAll(key?: string): number;
  close(): void;
}

interface Deps {
  keys: WsKey[];
  edKeys: Map<string, KeyObject | null>;
  weights: WeightBook;
  /** the server's clock (skew included) and the real one */
  now: () => number;
  realNow: () => number;
  requestWeightLimit: () => number;
}

class WsError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, msg: string) {
    super(msg);
    this.status = status;
    this.code = code;
  }
}

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
  const payload = wsPayload(params);
  if (key.secret) {
    const expected = createHmac("sha256", key.secret).update(payload).digest("hex");
    const got = sig.toLowerCase();
    return (
      got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected))
    );
  }
  if (edKey) return verify(null, Buffer.from(payload), edKey, Buffer.from(sig, "base64"));
  return false;
}

export function attachWsApi(server: Server, deps: Deps): WsApi {
  const wss = new WebSocketServer({ noServer: true });
  const conns = new Set<Conn>();
  const stats: StreamStats = {
    open: 0,
    connections: 0,
    subscriptions: 0,
    subscribes: 0,
    refused: 0,
    pings: 0,
    pongs: 0,
    eventsSent: 0,
    dropped: 0,
    expired: 0,
    timedOut: 0,
  };
  const settings: StreamSettings = { ...BINANCE_STREAM_SETTINGS };
  const subscribesByKey = new Map<string, number>();

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
      throw new WsError(
        400,
        -1102,
        "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.",
      );
    for (const name of ["timestamp", "signature"])
      if (params[name] === undefined || params[name] === "")
        throw new WsError(
          400,
          -1102,
          `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
        );
    const key = deps.keys.find((k) => k.key === apiKey);
    if (!key) throw new WsError(401, -2015, "Invalid API-key, IP, or permissions for action.");
    if (!signatureValid(key, deps.edKeys.get(key.key) ?? null, params))
      throw new WsError(400, -1022, "Signature for this request is not valid.");
    const ts = String(params.timestamp);
    const timestamp = ts.length >= 16 ? Number(ts) / 1000 : Number(ts);
    const recvWindow = params.recvWindow === undefined ? 5000 : Number(params.recvWindow);
    const now = deps.now();
    if (timestamp >= now + 1000)
      throw new WsError(
        400,
        -1021,
        "Timestamp for this request was 1000ms ahead of the server's time.",
      );
    if (now - timestamp > recvWindow)
      throw new WsError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    if ([...c.subs.values()].some((s) => s.uid === key.uid))
      throw new WsError(400, -1210, "This account is already subscribed on this connection.");
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
          result = { serverTime: deps.now() };
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
                event: { e: "eventStreamTerminated", E: deps.now() },
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
          throw new WsError(400, -1020, "This operation is not supported.");
      }
      c.ws.send(JSON.stringify({ id, status: 200, result, rateLimits: rateLimits() }));
    } catch (err) {
      if (!(err instanceof WsError)) throw err;
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

  function end(c: Conn): void {
    if (!conns.delete(c)) return;
    for (const t of c.timers) clearTimeout(t);
    stats.subscriptions -= c.subs.size;
    stats.open--;
  }

  wss.on("connection", (ws: WebSocket) => {
    const c: Conn = { ws, subs: new Map(), nextSub: 0, lastPong: deps.realNow(), timers: [] };
    conns.add(c);
    stats.connections++;
    stats.open++;
    ws.on("pong", () => {
      stats.pongs++;
      c.lastPong = deps.realNow();
    });
    ws.on("message", (data) => answer(c, data.toString()));
    ws.on("close", () => end(c));
    ws.on("error", () => end(c));
    const ping = setInterval(() => {
      if (deps.realNow() - c.lastPong > settings.pongTimeoutMs) {
        stats.timedOut++;
        ws.terminate();
        end(c);
        return;
      }
      stats.pings++;
      ws.ping();
    }, settings.pingIntervalMs);
    const expire = setTimeout(() => {
      stats.expired++;
      ws.close(1000, "connection lifetime over");
    }, settings.lifetimeMs);
    ping.unref();
    expire.unref();
    c.timers.push(ping, expire);
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== WS_API_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  return {
    settings,
    stats,
    statsOf(key) {
      const open = [...conns].filter((c) => [...c.subs.values()].some((s) => s.key === key));
      return { open: open.length, subscribes: subscribesByKey.get(key) ?? 0 };
    },
    emit(uid, events) {
      let sent = 0;
      for (const c of conns)
        for (const [sub, owner] of c.subs) {
          if (owner.uid !== uid) continue;
          for (const event of events) {
            c.ws.send(JSON.stringify({ subscriptionId: sub, event }));
            sent++;
          }
        }
      stats.eventsSent += sent;
      return sent;
    },
    dropAll(key) {
      const chosen = [...conns].filter(
        (c) => key === undefined || [...c.subs.values()].some((s) => s.key === key),
      );
      for (const c of chosen) {
        c.ws.terminate();
        end(c);
      }
      stats.dropped += chosen.length;
      return chosen.length;
    },
    close() {
      for (const c of [...conns]) {
        c.ws.terminate();
        end(c);
      }
      wss.close();
    },
  };
}

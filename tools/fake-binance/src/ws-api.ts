import type { KeyObject } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { ServedFaults } from "./server.ts";
import type { WeightBook } from "./weights.ts";
import { wsAnswerer } from "./ws-answer.ts";

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

export interface Conn {
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

export interface Deps {
  keys: WsKey[];
  edKeys: Map<string, KeyObject | null>;
  weights: WeightBook;
  /** the real clock, and the shift of the time the server goes by (clockSkewMs) */
  realNow: () => number;
  skewMs: () => number;
  /** where skewed requests and -1021 refusals are counted */
  served: ServedFaults;
  requestWeightLimit: () => number;
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
  const answer = wsAnswerer(deps, stats, subscribesByKey);

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

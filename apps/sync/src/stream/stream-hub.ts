import type { AccountEvent } from "../events/account-event.js";
import { AccountStore } from "../storage/account-store.js";
import {
  helloMessage,
  MAX_INCOMING_BYTES,
  PLAIN_PING,
  PLAIN_PONG,
  replyTo,
  type StreamState,
  tooBig,
} from "./stream-messages.js";
import { STREAM_OWNER_HEADER, streamRefusal } from "./stream-request.js";

/** Subscriptions one account's object holds at most; the next is refused (429) before upgrade. */
export const MAX_SUBSCRIPTIONS = 64;

/** Close codes the object ends a subscription with (RFC 6455 §7.4.1). */
export const CLOSE = { normal: 1000, tooBig: 1009, internal: 1011 } as const;

/**
 * A stream lives a day at most: the key that opened it is checked again when the bot
 * reconnects, so a revoked key stops receiving within a day (closed at the first event or
 * message after that).
 */
export const MAX_STREAM_LIFETIME_MS = 86_400_000;

interface StreamAttachment {
  openedAt: number;
}

/** Closes `ws` if it outlived {@link MAX_STREAM_LIFETIME_MS}; true when it did. */
function closeIfExpired(ws: WebSocket, now: number): boolean {
  const a = ws.deserializeAttachment() as StreamAttachment | null;
  if (!a || now - a.openedAt < MAX_STREAM_LIFETIME_MS) return false;
  closeQuietly(ws, CLOSE.normal, "the stream's day is over: reconnect");
  return true;
}

/** Codes a peer may report but nobody may send in a Close frame. */
const RESERVED_CLOSE_CODES = new Set([1004, 1005, 1006, 1015]);

/**
 * The bots subscribed to an account: WebSockets the object holds through the hibernation API,
 * so an idle subscription costs nothing and survives the object being evicted. Each socket is
 * tagged with the owner it was opened for; events go only to the sockets of the account's
 * current owner.
 */
export class StreamHub {
  constructor(
    private readonly ctx: DurableObjectState,
    /** the account's owner now (none before registration) */
    private readonly owner: () => string | undefined = () =>
      AccountStore.of(ctx.storage).account()?.owner,
  ) {
    // a plain "ping" is answered by the runtime without waking a hibernated object
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PLAIN_PING, PLAIN_PONG));
  }

  /**
   * Opens a subscription for the owner the API named in the request (see stream-request.ts):
   * `stateOf(owner)` is the account's current state if `owner` owns it, else null (404). A
   * request that is no upgrade (426) or past the limit (429) is refused before any upgrade;
   * an accepted one gets `hello` (the current state) first.
   */
  subscribe(request: Request, stateOf: (owner: string) => StreamState | null): Response {
    const owner = request.headers.get(STREAM_OWNER_HEADER) ?? "";
    const state = owner === "" ? null : stateOf(owner);
    if (!state) return streamRefusal(404, "account not found");
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return streamRefusal(426, "a stream is a WebSocket: send `Upgrade: websocket`");
    if (this.ctx.getWebSockets().length >= MAX_SUBSCRIPTIONS)
      return streamRefusal(
        429,
        `the account already has ${MAX_SUBSCRIPTIONS} open streams; close one first`,
        { limit: MAX_SUBSCRIPTIONS },
      );
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [owner]);
    server.serializeAttachment({ openedAt: Date.now() } satisfies StreamAttachment);
    server.send(JSON.stringify(helloMessage(state, MAX_SUBSCRIPTIONS)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends `event` to every open subscription of the account's owner. Never throws: it runs on
   * the object's hot path, right after a fill is stored, and a subscriber's trouble is its own.
   */
  broadcast(event: AccountEvent): void {
    try {
      const owner = this.owner();
      if (owner === undefined) return;
      const sockets = this.ctx.getWebSockets(owner);
      if (sockets.length === 0) return;
      const text = JSON.stringify(event);
      const now = Date.now();
      for (const ws of sockets) {
        if (ws.readyState !== WebSocket.OPEN || closeIfExpired(ws, now)) continue;
        try {
          ws.send(text);
        } catch {
          // closing right now: its close handler cleans up
        }
      }
    } catch (cause) {
      console.error(
        JSON.stringify({
          event: "stream_broadcast_failed",
          eventType: event.type,
          error: String(cause),
        }),
      );
    }
  }

  /**
   * Tells subscribed bots what happened. The events are only built when someone listens: the
   * hot path pays nothing for a stream nobody holds.
   */
  publish(make: () => AccountEvent[]): void {
    if (this.ctx.getWebSockets().length === 0) return;
    let events: AccountEvent[];
    try {
      events = make();
    } catch (cause) {
      // what was recorded stays recorded: a subscriber misses an event, the caller sees nothing
      console.error(JSON.stringify({ event: "stream_events_failed", error: String(cause) }));
      return;
    }
    for (const e of events) this.broadcast(e);
  }

  /** A subscriber's message: a JSON ping gets a pong, anything else an error; too big closes. */
  message(ws: WebSocket, message: string | ArrayBuffer): void {
    if (closeIfExpired(ws, Date.now())) return;
    if (tooBig(message)) {
      closeQuietly(ws, CLOSE.tooBig, `messages are limited to ${MAX_INCOMING_BYTES} bytes`);
      return;
    }
    sendQuietly(ws, JSON.stringify(replyTo(message, Date.now())));
  }

  /** The peer closed: the Close frame is returned (the hibernation API leaves that to us). */
  close(ws: WebSocket, code: number): void {
    closeQuietly(ws, RESERVED_CLOSE_CODES.has(code) ? CLOSE.normal : code, "");
  }

  /** Ends every subscription (the account is gone), saying why. */
  closeAll(reason: string): void {
    for (const ws of this.ctx.getWebSockets()) closeQuietly(ws, CLOSE.normal, reason);
  }

  /** The connection failed: the socket is let go. */
  error(ws: WebSocket): void {
    closeQuietly(ws, CLOSE.internal, "stream error");
  }
}

function sendQuietly(ws: WebSocket, text: string): void {
  try {
    ws.send(text);
  } catch {
    // closed meanwhile
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

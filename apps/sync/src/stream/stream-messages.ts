import type { AccountEvent } from "../events/account-event.js";

/** What a subscriber may send and have kept (4 KiB): a ping is a few bytes. */
export const MAX_INCOMING_BYTES = 4096;
/** The plain-text keepalive pair the runtime answers without waking the object. */
export const PLAIN_PING = "ping";
export const PLAIN_PONG = "pong";

/**
 * What a subscription starts from, read when it opens: a `balances.changed` event with the
 * current version and a `sync.state` event, built as the object builds the events it publishes.
 */
export interface StreamState {
  balances: AccountEvent;
  sync: AccountEvent;
  now: number;
}

/**
 * The first message of every subscription: the state the events that follow change, so a bot
 * never misses what happened between its REST read and the subscription. A bot applies
 * `balances` and `sync` as it applies the `balances.changed` and `sync.state` events.
 */
export interface StreamHello {
  type: "hello";
  accountId: string;
  at: string;
  balances: AccountEvent;
  sync: AccountEvent;
  limits: { maxMessageBytes: number; maxSubscriptions: number };
}

/** What the object answers a subscriber's message with. */
export type StreamReply =
  | { type: "pong"; at: string }
  | { type: "error"; code: "unsupported_message" | "binary_message"; message: string };

export function helloMessage(state: StreamState, maxSubscriptions: number): StreamHello {
  return {
    type: "hello",
    accountId: state.balances.accountId,
    at: new Date(state.now).toISOString(),
    balances: state.balances,
    sync: state.sync,
    limits: { maxMessageBytes: MAX_INCOMING_BYTES, maxSubscriptions },
  };
}

/** Whether a message as it came over the wire is over MAX_INCOMING_BYTES. */
export function tooBig(message: string | ArrayBuffer): boolean {
  if (typeof message !== "string") return message.byteLength > MAX_INCOMING_BYTES;
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a long text is measured
  if (message.length * 3 <= MAX_INCOMING_BYTES) return false;
  return new TextEncoder().encode(message).byteLength > MAX_INCOMING_BYTES;
}

/** The answer to a subscriber's message (its size already checked). */
export function replyTo(message: string | ArrayBuffer, now: number): StreamReply {
  if (typeof message !== "string")
    return { type: "error", code: "binary_message", message: "send JSON text messages" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    (parsed as { type?: unknown }).type === "ping"
  )
    return { type: "pong", at: new Date(now).toISOString() };
  return {
    type: "error",
    code: "unsupported_message",
    message: 'the stream is one-way; it only answers {"type":"ping"} (or the text "ping")',
  };
}

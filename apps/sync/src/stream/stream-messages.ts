import { newId } from "@portfolio/core";
import type { AccountEvent } from "../events/account-event.js";
import type { BalancesView, SyncStatus } from "../rpc-types.js";

type EventOf<T extends AccountEvent["type"]> = Extract<AccountEvent, { type: T }>;

/** What a subscriber may send and have kept (4 KiB): a ping is a few bytes. */
export const MAX_INCOMING_BYTES = 4096;
/** The plain-text keepalive pair the runtime answers without waking the object. */
export const PLAIN_PING = "ping";
export const PLAIN_PONG = "pong";

/**
 * The first message of every subscription: the state the events that follow change, so a bot
 * never misses what happened between its REST read and the subscription. `balances` and `sync`
 * have the shape of the `balances.changed` and `sync.state` events.
 */
export interface StreamHello {
  type: "hello";
  accountId: string;
  at: string;
  balances: EventOf<"balances.changed">;
  sync: EventOf<"sync.state">;
  limits: { maxMessageBytes: number; maxSubscriptions: number };
}

/** What the object answers a subscriber's message with. */
export type StreamReply =
  | { type: "pong"; at: string }
  | { type: "error"; code: "unsupported_message" | "binary_message"; message: string };

export function helloMessage(
  balances: BalancesView,
  sync: SyncStatus,
  maxSubscriptions: number,
  now: number,
): StreamHello {
  const at = new Date(now).toISOString();
  const accountId = balances.accountId;
  return {
    type: "hello",
    accountId,
    at,
    balances: {
      id: newId("evt"),
      type: "balances.changed",
      accountId,
      at,
      version: balances.version,
      platformAsOf: balances.platformAsOf,
      balances: balances.balances,
    },
    sync: { id: newId("evt"), type: "sync.state", accountId, at, sync },
    limits: { maxMessageBytes: MAX_INCOMING_BYTES, maxSubscriptions },
  };
}

/** The size of a message as it came over the wire. */
export function messageBytes(message: string | ArrayBuffer): number {
  if (typeof message !== "string") return message.byteLength;
  // at most 3 bytes per UTF-16 unit: only a long one is measured exactly
  return message.length * 3 <= MAX_INCOMING_BYTES
    ? message.length
    : new TextEncoder().encode(message).byteLength;
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

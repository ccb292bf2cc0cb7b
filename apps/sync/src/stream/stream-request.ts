/**
 * How the API hands a bot's WebSocket upgrade to the account's object. RPC cannot carry a
 * WebSocket (workerd: "Could not serialize object of type WebSocket"), so a subscription is the
 * one thing reached through the object's `fetch()`: the API builds the request itself, after it
 * checked the key, its scope and the account's owner, and names the owner in this header. The
 * object's fetch is reachable only through the binding, never from the internet.
 */
export const STREAM_OWNER_HEADER = "x-portfolio-owner";

/**
 * A subscription the object refuses, before any upgrade: the status says why (404 no such
 * account for this owner, 426 not a WebSocket upgrade, 429 too many subscriptions) and the API
 * turns it into its error envelope.
 */
export function streamRefusal(
  status: 404 | 426 | 429,
  message: string,
  details?: Record<string, string | number>,
): Response {
  return Response.json(
    { error: { message, ...(details ? { details } : {}) } },
    { status, headers: status === 426 ? { upgrade: "websocket" } : {} },
  );
}

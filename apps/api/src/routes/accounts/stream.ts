import { createRoute, z } from "@hono/zod-openapi";
import { STREAM_OWNER_HEADER, streamStub } from "@portfolio/sync";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { ApiError, statusToCode } from "../../errors/api-error.js";
import { commonErrors, ErrorEnvelopeSchema, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam } from "./schema.js";

const StreamHeaders = z.object({
  upgrade: z.string().optional().meta({
    description: "must be `websocket`; a WebSocket client sends it",
    example: "websocket",
  }),
});

const envelope = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorEnvelopeSchema } },
});

const route = createRoute({
  operationId: "openStream",
  method: "get",
  path: "/{id}/stream",
  summary: "Subscribe to the account's events over a WebSocket",
  description: [
    "Upgrades to a WebSocket (send `Authorization: Bearer <key>` on the handshake). The first",
    "message is `hello`: the current balances with their `version` (shaped as a",
    "`balances.changed` event) and the sync status (a `sync.state` event). Then, as they happen:",
    "`balances.changed` (with the new version), `fill.recorded`, `fill.voided`,",
    '`reservation.changed`, `sync.state`. The stream is one-way: a JSON `{"type":"ping"}`',
    'is answered `{"type":"pong"}`, the text `ping` with `pong`; anything else gets an',
    "`error` message, and a message over 4096 bytes closes the socket (1009). An account holds",
    "at most 64 open streams; the next is refused with 429.",
  ].join(" "),
  ...scoped("read"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
    headers: StreamHeaders,
  },
  responses: {
    101: { description: "Switching Protocols: the WebSocket is open; `hello` comes first" },
    ...commonErrors,
    426: envelope("Not a WebSocket upgrade: send `Upgrade: websocket`"),
    429: envelope(
      "Too many requests for this API key (`Retry-After` says when to try again), or the account already has 64 open streams",
    ),
    ...notFound,
  },
});

export const openStream = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  await ownedAccount(c, id);
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    c.header("Upgrade", "websocket");
    throw new ApiError(
      "UPGRADE_REQUIRED",
      "this route is a WebSocket: open it with a WebSocket client (`Upgrade: websocket`)",
      { required: "Upgrade: websocket" },
    );
  }
  // RPC cannot carry a WebSocket, so the upgrade goes through the object's fetch
  const res = await streamStub(c.env.ACCOUNT, id).fetch("https://account.internal/stream", {
    headers: { upgrade: "websocket", [STREAM_OWNER_HEADER]: c.get("apiKey").owner },
  });
  if (res.status === 101 && res.webSocket) return res;
  const body = (await res.json().catch(() => null)) as {
    error?: { message?: string; details?: Record<string, string | number> };
  } | null;
  throw new ApiError(
    statusToCode(res.status),
    body?.error?.message ?? "the stream could not be opened",
    body?.error?.details,
  );
});

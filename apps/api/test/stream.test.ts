import { SELF } from "cloudflare:test";
import { testApiTokens } from "@portfolio/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { api, botBuy, simulatedAccountBody, type TokenName } from "./http.js";

// biome-ignore lint/suspicious/noExplicitAny: messages are parsed JSON, asserted field by field
type Message = any;

/** A subscriber: the messages in order, and the socket's close once it comes. */
interface Subscriber {
  ws: WebSocket;
  next(timeoutMs?: number): Promise<Message>;
  /** the next message that satisfies `pred`, skipping others */
  until(pred: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  closed: Promise<{ code: number; reason: string }>;
}

function subscriber(ws: WebSocket): Subscriber {
  const queue: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  ws.addEventListener("message", (e) => {
    const m = typeof e.data === "string" && e.data.startsWith("{") ? JSON.parse(e.data) : e.data;
    const w = waiting.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
  );
  ws.accept();
  const next = (timeoutMs = 5000) =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise<Message>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error("no message in time")), timeoutMs);
          waiting.push((m) => {
            clearTimeout(t);
            resolve(m);
          });
        });
  return {
    ws,
    next,
    async until(pred, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = await next(Math.max(1, deadline - Date.now()));
        if (pred(m)) return m;
      }
    },
    closed,
  };
}

/** The upgrade request a bot's WebSocket client makes. */
function upgrade(
  id: string,
  token: TokenName | null = "read",
  headers: Record<string, string> = {},
) {
  return SELF.fetch(`https://api.test/v1/accounts/${id}/stream`, {
    headers: {
      upgrade: "websocket",
      ...(token ? { authorization: `Bearer ${testApiTokens[token]}` } : {}),
      ...headers,
    },
  });
}

async function subscribe(id: string, token: TokenName = "read"): Promise<Subscriber> {
  const res = await upgrade(id, token);
  expect(res.status).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error("no WebSocket on the 101");
  return subscriber(ws);
}

async function newAccount(): Promise<string> {
  const created = await api("POST", "/v1/accounts", { body: simulatedAccountBody(24) });
  expect(created.status).toBe(201);
  const synced = await api("POST", `/v1/accounts/${created.json.id}/sync`);
  expect(synced.status).toBe(200);
  return created.json.id;
}

let accountId: string;
beforeAll(async () => {
  accountId = await newAccount();
});

describe("GET /v1/accounts/{id}/stream", () => {
  it("refuses a handshake without an API key (401)", async () => {
    const res = await upgrade(accountId, null);
    expect(res.status).toBe(401);
    expect(res.webSocket).toBeNull();
    expect(((await res.json()) as Message).error.code).toBe("UNAUTHORIZED");
  });

  it("opens with a read key and says hello with the balances' version and the sync state", async () => {
    const rest = await api("GET", `/v1/accounts/${accountId}/balances`, { token: "read" });
    const sub = await subscribe(accountId);
    const hello = await sub.next();
    expect(hello).toMatchObject({
      type: "hello",
      accountId,
      balances: {
        type: "balances.changed",
        accountId,
        version: rest.json.version,
        balances: rest.json.balances,
      },
      sync: { type: "sync.state", accountId, sync: { state: "idle", historyComplete: true } },
      limits: { maxMessageBytes: 4096, maxSubscriptions: 64 },
    });
    expect(hello.balances.id).toMatch(/^evt_/);
    sub.ws.close(1000, "done");
  });

  it("answers another owner's key with 404 and no upgrade", async () => {
    const res = await upgrade(accountId, "other");
    expect(res.status).toBe(404);
    expect(res.webSocket).toBeNull();
    expect(((await res.json()) as Message).error.code).toBe("NOT_FOUND");
  });

  it("ignores an owner header a client sends itself", async () => {
    const res = await upgrade(accountId, "other", { "x-portfolio-owner": "default" });
    expect(res.status).toBe(404);
    expect(res.webSocket).toBeNull();
  });

  it("answers a GET that is no WebSocket upgrade with the error envelope", async () => {
    const r = await api("GET", `/v1/accounts/${accountId}/stream`, { token: "read" });
    expect(r.status).toBe(426);
    expect(r.json.error).toMatchObject({
      code: "UPGRADE_REQUIRED",
      details: { required: "Upgrade: websocket" },
    });
    expect(r.json.error.requestId).toBeTruthy();
  });

  it("answers a JSON ping with a pong, the text ping with pong, anything else with an error", async () => {
    const sub = await subscribe(accountId);
    expect((await sub.next()).type).toBe("hello");
    sub.ws.send(JSON.stringify({ type: "ping" }));
    expect(await sub.next()).toMatchObject({ type: "pong" });
    sub.ws.send("ping");
    expect(await sub.next()).toBe("pong");
    sub.ws.send(JSON.stringify({ type: "subscribe", to: "everything" }));
    expect(await sub.next()).toMatchObject({ type: "error", code: "unsupported_message" });
    sub.ws.send("not json");
    expect(await sub.next()).toMatchObject({ type: "error", code: "unsupported_message" });
    sub.ws.close(1000, "done");
  });

  it("closes a subscription that sends a message over 4 KiB (1009)", async () => {
    const sub = await subscribe(accountId);
    expect((await sub.next()).type).toBe("hello");
    sub.ws.send(JSON.stringify({ type: "ping", pad: "x".repeat(4096) }));
    expect((await sub.closed).code).toBe(1009);
  });

  it("refuses the 65th open stream of an account with 429, and takes one again after a close", async () => {
    const id = await newAccount();
    const subs: Subscriber[] = [];
    for (let i = 0; i < 64; i++) subs.push(await subscribe(id));
    const refused = await upgrade(id);
    expect(refused.status).toBe(429);
    expect(refused.webSocket).toBeNull();
    expect(((await refused.json()) as Message).error).toMatchObject({
      code: "RATE_LIMITED",
      details: { limit: 64 },
    });

    const first = subs[0] as Subscriber;
    first.ws.close(1000, "making room");
    await first.closed;
    let again: Response | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      again = await upgrade(id);
      if (again.status === 101) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(again?.status).toBe(101);
    again?.webSocket?.accept();
    again?.webSocket?.close(1000, "done");
    for (const s of subs.slice(1)) s.ws.close(1000, "done");
  });

  it("is documented in the OpenAPI document: read scope, 101 and its errors", async () => {
    const doc = (await (await SELF.fetch("https://api.test/openapi.json")).json()) as Message;
    const op = doc.paths["/v1/accounts/{id}/stream"].get;
    expect(op.security).toEqual([{ bearer: ["read"] }]);
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(["101", "400", "401", "403", "404", "426", "429"]),
    );
    expect(op.parameters.map((p: Message) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:id", "header:upgrade"]),
    );
  });

  it("pushes fill.recorded and balances.changed with a higher version after a fill is recorded", async () => {
    const sub = await subscribe(accountId);
    const hello = await sub.next();
    expect(hello.type).toBe("hello");
    const fill = botBuy("stream-fill-1");
    const recorded = await api("POST", `/v1/accounts/${accountId}/transactions`, { body: fill });
    expect(recorded.status).toBe(201);

    const filled = await sub.until((m) => m.type === "fill.recorded");
    expect(filled).toMatchObject({ accountId, transaction: { txId: "stream-fill-1" } });
    const changed = await sub.until((m) => m.type === "balances.changed");
    expect(changed.version).toBeGreaterThan(hello.balances.version);
    const rest = await api("GET", `/v1/accounts/${accountId}/balances`, { token: "read" });
    expect(changed.version).toBe(rest.json.version);
    expect(changed.balances).toEqual(rest.json.balances);
    sub.ws.close(1000, "done");
  });
});

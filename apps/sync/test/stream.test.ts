import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AccountEvent } from "../src/events/account-event.js";
import { StreamHub } from "../src/stream/stream-hub.js";
import { STREAM_OWNER_HEADER } from "../src/stream/stream-request.js";
import { accountStub, OWNER, rawStub, simulatedInput, smallBtcBuy, unwrap } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: messages are parsed JSON, asserted field by field
type Message = any;

/** Every message a client socket receives, parsed, in order. */
function received(ws: WebSocket): Message[] {
  const messages: Message[] = [];
  ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data))));
  ws.accept();
  return messages;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function syncedAccount() {
  const input = simulatedInput(3);
  unwrap(await accountStub(input.id).register(input));
  await runDurableObjectAlarm(rawStub(input.id));
  return input.id;
}

/** The request the API hands to the object, as the stream route builds it. */
function streamRequest(id: string, headers: Record<string, string>) {
  return rawStub(id).fetch("https://account.internal/stream", { headers });
}

const probe = (accountId: string): AccountEvent => ({
  id: "evt_probe",
  type: "sync.state",
  accountId,
  at: new Date().toISOString(),
  sync: {
    state: "idle",
    lastRunAt: null,
    lastSuccessAt: null,
    lastError: null,
    nextRunAt: null,
    attempts: 0,
    historyComplete: true,
  },
});

describe("the account object's stream", () => {
  it("closes a stream that outlived its day at the next event, so a revoked key stops receiving", async () => {
    const id = await syncedAccount();
    const res = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: OWNER });
    const ws = res.webSocket as WebSocket;
    let closed: { code: number; reason: string } | null = null;
    ws.addEventListener("close", (e) => {
      closed = { code: e.code, reason: e.reason };
    });
    const messages = received(ws);
    await eventually(() => messages.length >= 1, "the hello");
    // the stream was opened 25 hours ago
    await runInDurableObject(rawStub(id), (_i, state) => {
      for (const s of state.getWebSockets())
        s.serializeAttachment({ openedAt: Date.now() - 25 * 3_600_000 });
    });
    await runInDurableObject(rawStub(id), (instance) => {
      (instance as unknown as { stream: StreamHub }).stream.broadcast(probe(id));
    });
    await eventually(() => closed !== null, "the close");
    expect(closed).toEqual({ code: 1000, reason: "the stream's day is over: reconnect" });
    expect(messages.map((m) => m.type)).toEqual(["hello"]);
  });

  it("refuses a subscription without the owner the API names, or for another owner (404)", async () => {
    const id = await syncedAccount();
    const none = await streamRequest(id, { upgrade: "websocket" });
    expect(none.status).toBe(404);
    expect(none.webSocket).toBeNull();
    const other = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: "x" });
    expect(other.status).toBe(404);
    expect(other.webSocket).toBeNull();
  });

  it("refuses a request that is no WebSocket upgrade (426)", async () => {
    const id = await syncedAccount();
    const r = await streamRequest(id, { [STREAM_OWNER_HEADER]: OWNER });
    expect(r.status).toBe(426);
    expect(((await r.json()) as Message).error.message).toMatch(/WebSocket/);
  });

  it("says hello with the balances and their version, then pushes a recorded fill", async () => {
    const id = await syncedAccount();
    const res = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: OWNER });
    expect(res.status).toBe(101);
    const messages = received(res.webSocket as WebSocket);
    await eventually(() => messages.length > 0, "hello");
    const before = unwrap(await accountStub(id).balances(OWNER));
    expect(messages[0]).toMatchObject({
      type: "hello",
      balances: { type: "balances.changed", version: before.version, balances: before.balances },
      sync: { type: "sync.state", sync: { state: "idle" } },
    });

    unwrap(await accountStub(id).recordTransaction(OWNER, smallBtcBuy("stream-rpc-fill")));
    await eventually(
      () => messages.some((m) => m.type === "balances.changed"),
      "balances.changed after the fill",
    );
    const filled = messages.find((m) => m.type === "fill.recorded");
    expect(filled?.transaction.txId).toBe("stream-rpc-fill");
    const changed = messages.find((m) => m.type === "balances.changed");
    expect(changed.version).toBeGreaterThan(before.version);
    (res.webSocket as WebSocket).close(1000, "done");
  });

  it("says a sync is under way when it starts, and what it settled to when it ends", async () => {
    const id = await syncedAccount();
    const res = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: OWNER });
    const messages = received(res.webSocket as WebSocket);
    await eventually(() => messages.length > 0, "hello");
    unwrap(await accountStub(id).requestSync(OWNER));
    await eventually(
      () => messages.filter((m) => m.type === "sync.state").length >= 2,
      "the run's two sync.state events",
    );
    const states = messages.filter((m) => m.type === "sync.state").map((m) => m.sync.state);
    expect(states.slice(0, 2)).toEqual(["syncing", "idle"]);
    (res.webSocket as WebSocket).close(1000, "done");
  });

  it("sends events only to sockets tagged with the account's owner", async () => {
    const id = await syncedAccount();
    const res = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: OWNER });
    const mine = received(res.webSocket as WebSocket);
    // a socket of another owner in the same object (a re-owned account): its client end
    // belongs to the object's I/O context, so it is read there
    const theirs: Message[] = [];
    await runInDurableObject(rawStub(id), (_i, state) => {
      const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
      state.acceptWebSocket(server, ["someone-else"]);
      client.addEventListener("message", (e) => theirs.push(e.data));
      client.accept();
      new StreamHub(state).broadcast(probe(id));
    });
    await eventually(() => mine.some((m) => m.id === "evt_probe"), "the owner's event");
    expect(theirs).toEqual([]);
    (res.webSocket as WebSocket).close(1000, "done");
  });

  it("never throws from broadcast: before registration, past a closed socket, on a failing lookup", async () => {
    const unregistered = simulatedInput(1).id;
    await runInDurableObject(rawStub(unregistered), (_i, state) => {
      expect(() => new StreamHub(state).broadcast(probe(unregistered))).not.toThrow();
    });

    const id = await syncedAccount();
    const res = await streamRequest(id, { upgrade: "websocket", [STREAM_OWNER_HEADER]: OWNER });
    (res.webSocket as WebSocket).accept();
    await runInDurableObject(rawStub(id), (_i, state) => {
      for (const ws of state.getWebSockets(OWNER)) ws.close(1000, "closed by the object");
      expect(() => new StreamHub(state).broadcast(probe(id))).not.toThrow();
      const failing = new StreamHub(state, () => {
        throw new Error("storage gone");
      });
      expect(() => failing.broadcast(probe(id))).not.toThrow();
    });
  });
});

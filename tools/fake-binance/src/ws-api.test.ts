import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEFAULT_API_KEY, type FakeBinance, startFakeBinance } from "./server.ts";

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({
    seed: "ws-api",
    trades: 40,
    fillerBases: 3,
    stream: { pingIntervalMs: 50 },
  });
});
afterAll(() => fake.close());

interface Frame {
  id?: string;
  status?: number;
  result?: { subscriptionId?: number };
  error?: { code: number };
  subscriptionId?: number;
  event?: Record<string, unknown>;
}

/** A connection whose frames are queued, so a test can wait for the next one. */
async function connect() {
  const ws = new WebSocket(`${fake.url.replace("http", "ws")}/ws-api/v3`);
  const frames: Frame[] = [];
  let wake: (() => void) | null = null;
  ws.on("message", (d) => {
    frames.push(JSON.parse(d.toString()) as Frame);
    wake?.();
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const next = async (): Promise<Frame> => {
    while (frames.length === 0) await new Promise<void>((r) => (wake = r));
    return frames.shift() as Frame;
  };
  return { ws, next };
}

/**
 * The signature the WebSocket API wants, written out from web-socket-api.md: every parameter but
 * `signature`, sorted by name, joined as `k=v&…` without percent-encoding, HMAC-SHA256 in hex.
 */
function subscribeRequest(id: string, secret = DEFAULT_API_KEY.secret as string) {
  const timestamp = Date.now();
  const payload = `apiKey=${DEFAULT_API_KEY.key}&timestamp=${timestamp}`;
  const signature = createHmac("sha256", secret).update(payload).digest("hex");
  return JSON.stringify({
    id,
    method: "userDataStream.subscribe.signature",
    params: { apiKey: DEFAULT_API_KEY.key, timestamp, signature },
  });
}

async function admin(path: string, body: unknown = {}) {
  const r = await fetch(`${fake.url}/__admin/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return (await r.json()) as Record<string, unknown>;
}

describe("the local Binance's WebSocket API", () => {
  it("subscribes a signed user data stream and answers with subscription id 0", async () => {
    const { ws, next } = await connect();
    ws.send(subscribeRequest("a"));
    expect(await next()).toMatchObject({ id: "a", status: 200, result: { subscriptionId: 0 } });
    ws.close();
  });

  it("refuses a wrong signature with -1022 and counts the refusal", async () => {
    const { ws, next } = await connect();
    const before = fake.ws.stats.refused;
    ws.send(subscribeRequest("b", "x".repeat(64)));
    expect(await next()).toMatchObject({ id: "b", status: 400, error: { code: -1022 } });
    expect(fake.ws.stats.refused).toBe(before + 1);
    ws.close();
  });

  it("pushes a fill as executionReport NEW, TRADE, then outboundAccountPosition", async () => {
    const { ws, next } = await connect();
    ws.send(subscribeRequest("c"));
    await next();
    const usdt = fake.account.spot.get("USDT")?.free as string;
    const r = await admin("fill", { symbol: "BTCUSDT", side: "BUY", qty: "0.001", price: "50000" });
    expect(r.delivered).toBe(3);
    expect((await next()).event).toMatchObject({ e: "executionReport", x: "NEW", s: "BTCUSDT" });
    const trade = (await next()).event;
    // 0.001 × 50000 = 50 USDT spent; the commission is 0.001 BTC × the taker rate 0.0008
    expect(trade).toMatchObject({
      e: "executionReport",
      x: "TRADE",
      X: "FILLED",
      l: "0.00100000",
      L: "50000.00000000",
      Y: "50.00000000",
      n: "0.00000080",
      N: "BTC",
    });
    const position = (await next()).event as { e: string; B: { a: string; f: string }[] };
    expect(position.e).toBe("outboundAccountPosition");
    const f = Object.fromEntries(position.B.map((b) => [b.a, b.f]));
    expect(Number(f.USDT)).toBeCloseTo(Number(usdt) - 50, 6);
    ws.close();
  });

  it("serves the pushed fill from the signed REST myTrades under the same trade id", async () => {
    const r = (await admin("fill", { symbol: "BTCUSDT", side: "BUY", qty: "0.001" })) as {
      trade: { id: number; qty: string };
    };
    const q = new URLSearchParams({
      symbol: "BTCUSDT",
      fromId: String(r.trade.id),
      timestamp: String(Date.now()),
    }).toString();
    const sig = createHmac("sha256", DEFAULT_API_KEY.secret as string)
      .update(q)
      .digest("hex");
    const res = await fetch(`${fake.url}/api/v3/myTrades?${q}&signature=${sig}`, {
      headers: { "X-MBX-APIKEY": DEFAULT_API_KEY.key },
    });
    const trades = (await res.json()) as { id: number; qty: string }[];
    expect(trades[0]).toMatchObject({ id: r.trade.id, qty: "0.00100000" });
  });

  it("pings every connection and counts the pongs the client sends back", async () => {
    const { ws } = await connect();
    const before = fake.ws.stats.pongs;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.ws.stats.pongs).toBeGreaterThan(before);
    ws.close();
  });

  it("drops every connection on request, without a close frame", async () => {
    const { ws } = await connect();
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    const r = await admin("drop-streams");
    expect(r.dropped).toBeGreaterThanOrEqual(1);
    // 1006: the connection ended abnormally (no close frame was received)
    expect(await closed).toBe(1006);
  });
});

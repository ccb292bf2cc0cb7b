import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { AccountView, BalancesView } from "../src/rpc-types.js";
import { binanceInput } from "./binance-helpers.js";
import { accountStub, OWNER, retireAccounts, unwrap } from "./helpers.js";

// The user data stream against the local Binance's WebSocket API (tools/fake-binance
// ws-api.ts): these tests trade on a local Binance of their own, so no other file's accounts
// see their fills.

afterEach(retireAccounts);

async function liveAdmin<T>(path: string, body: unknown = {}): Promise<T> {
  const r = await fetch(`${env.LIVE_BINANCE_URL}/__admin/${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return (await r.json()) as T;
}

interface StreamStats {
  open: number;
  subscribes: number;
  pongs: number;
  dropped: number;
}

// the last key is live-connection.test.ts's
const KEYS = (JSON.parse(env.LIVE_BINANCE_KEYS) as { key: string; secret: string }[]).slice(0, -1);
/** each test's account signs with a key of its own (see requestsTo) */
let keyIndex = 0;
let key = KEYS[0] as { key: string; secret: string };

function liveInput(config: Record<string, unknown> = {}) {
  key = KEYS[keyIndex++ % KEYS.length] as { key: string; secret: string };
  return binanceInput(
    { credentials: { apiKey: key.key, apiSecret: key.secret } },
    {
      baseUrl: env.LIVE_BINANCE_URL,
      futuresBaseUrl: env.LIVE_BINANCE_URL,
      wsApiUrl: `${env.LIVE_BINANCE_URL.replace("http", "ws")}/ws-api/v3`,
      historyStart: env.LIVE_BINANCE_START,
      ...config,
    },
  );
}

/** Polls `read` until `done` holds (every 10 ms, up to `ms`). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`gave up waiting: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A registered account whose stream is open and whose history (the gap sync) is complete. */
async function liveAccount(): Promise<{ id: string; view: AccountView }> {
  const input = liveInput();
  unwrap(await accountStub(input.id).register(input));
  const view = await until(
    async () => unwrap(await accountStub(input.id).describe(OWNER)),
    (v) => v.live.live && v.sync.historyComplete,
  );
  return { id: input.id, view };
}

const balances = async (id: string): Promise<BalancesView> =>
  unwrap(await accountStub(id).balances(OWNER));
const freeOf = (b: BalancesView, asset: string) =>
  b.balances.find((x) => x.asset === asset)?.free ?? "0";

async function tradeRows(accountId: string, txId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM transactions WHERE account_id = ? AND tx_id = ?",
  )
    .bind(accountId, txId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** requests the current test's account sent to `path` since the stats were reset */
const requestsTo = async (path: string) =>
  (await liveAdmin<{ requestsWithKey: number }>("stats", { key: key.key, path })).requestsWithKey;

interface Fill {
  trade: { id: number; symbol: string };
  emittedAt: number;
  delivered: number;
}

describe("Binance: the live user data stream", () => {
  it("holds no stream for an account with realtime off", async () => {
    const before = await liveAdmin<{ connections: number }>("streams");
    const input = liveInput({ realtime: false });
    unwrap(await accountStub(input.id).register(input));
    const view = await until(
      async () => unwrap(await accountStub(input.id).describe(OWNER)),
      (v) => v.sync.historyComplete,
    );
    expect(view.live).toMatchObject({ state: "off", live: false });
    const after = await liveAdmin<{ connections: number }>("streams");
    expect(after.connections).toBe(before.connections);
  });
  it("holds a subscription: open, caught up, and answering the server's pings", async () => {
    const { view } = await liveAccount();
    expect(view.live).toMatchObject({ state: "open", live: true, reconnects: 0 });
    const before = await liveAdmin<StreamStats>("streams");
    await new Promise((r) => setTimeout(r, 500));
    const after = await liveAdmin<StreamStats>("streams");
    // the stand-in pings every 200 ms; workerd answers the ping frames with pongs
    expect(after.pongs).toBeGreaterThan(before.pongs);
  });

  it("applies a fill from the stream without asking Binance's REST API", async () => {
    const { id } = await liveAccount();
    const before = await balances(id);
    await liveAdmin("reset-stats");
    const fill = await liveAdmin<Fill>("fill", {
      symbol: "BTCUSDT",
      side: "BUY",
      qty: "0.001",
      price: "50000",
    });
    expect(fill.delivered).toBeGreaterThan(0);
    const after = await until(
      () => balances(id),
      (b) => freeOf(b, "BTC") !== freeOf(before, "BTC"),
    );
    // 0.001 BTC less the taker commission 0.001 × 0.0008 = 0.0000008; 0.001 × 50000 = 50 USDT
    expect(Number(freeOf(after, "BTC")) - Number(freeOf(before, "BTC"))).toBeCloseTo(0.0009992, 10);
    expect(Number(freeOf(before, "USDT")) - Number(freeOf(after, "USDT"))).toBeCloseTo(50, 8);
    expect(after.live).toBe(true);
    // the trade's row came from the stream: nothing read myTrades or the account endpoint
    expect(await tradeRows(id, `trade:BTCUSDT:${fill.trade.id}`)).toBe(1);
    expect(await requestsTo("/api/v3/myTrades")).toBe(0);
    expect(await requestsTo("/api/v3/account")).toBe(0);
  });

  it("stores a streamed fill once when the REST sync reads the same trade", async () => {
    const { id } = await liveAccount();
    const fill = await liveAdmin<Fill>("fill", { symbol: "BTCUSDT", side: "SELL", qty: "0.0005" });
    const txId = `trade:BTCUSDT:${fill.trade.id}`;
    await until(
      () => tradeRows(id, txId),
      (n) => n === 1,
    );
    const streamed = await balances(id);
    await liveAdmin("reset-stats");
    unwrap(await accountStub(id).requestSync(OWNER));
    // the sync read the trade again (the BTC balance moved, so BTCUSDT was queued) …
    expect(await requestsTo("/api/v3/myTrades")).toBeGreaterThan(0);
    // … and stored nothing twice, nor moved a balance the stream had set right
    expect(await tradeRows(id, txId)).toBe(1);
    const synced = await balances(id);
    expect(freeOf(synced, "BTC")).toBe(freeOf(streamed, "BTC"));
    expect(freeOf(synced, "USDT")).toBe(freeOf(streamed, "USDT"));
  });

  it("reconnects after a dropped connection and syncs the fill it missed", async () => {
    const { id } = await liveAccount();
    const dropped = await liveAdmin<{ dropped: number }>("drop-streams", { key: key.key });
    expect(dropped.dropped).toBeGreaterThan(0);
    // made while this account had no subscription open: its stream never carries it
    const open = await liveAdmin<{ key: { open: number } }>("streams", { key: key.key });
    expect(open.key.open).toBe(0);
    const fill = await liveAdmin<Fill>("fill", { symbol: "ETHUSDT", side: "BUY", qty: "0.01" });
    const view = await until(
      async () => unwrap(await accountStub(id).describe(OWNER)),
      (v) => v.live.reconnects >= 1 && v.live.live,
    );
    expect(view.live.state).toBe("open");
    // the sync after the new subscription read what the stream missed
    expect(await tradeRows(id, `trade:ETHUSDT:${fill.trade.id}`)).toBe(1);
  });

  it("closes the stream when realtime is turned off, and polls from then on", async () => {
    const { id } = await liveAccount();
    const before = await liveAdmin<{ open: number }>("streams");
    const view = unwrap(await accountStub(id).update(OWNER, { config: { realtime: false } }));
    expect(view.live).toMatchObject({ state: "off", live: false });
    // the local Binance saw the connection close
    const after = await until(
      () => liveAdmin<{ open: number }>("streams"),
      (s) => s.open === before.open - 1,
    );
    expect(after.open).toBe(before.open - 1);
  });
});

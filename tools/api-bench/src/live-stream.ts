// Stream → balance latency: how long a fill the local Binance pushes on its user data stream
// takes to reach a bot subscribed to the account's own stream as a `balances.changed` event,
// beside the floor: the same push relayed by a Durable Object straight to a client.
import { createHmac } from "node:crypto";
import { DEFAULT_API_KEY, startFakeBinance } from "@portfolio/fake-binance";
import WebSocket from "ws";
import { BenchFailure, HttpTarget } from "./http.ts";

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export interface StreamLatency {
  /** fill pushed by the stand-in → the bot's `balances.changed`, through our account object */
  ours: LatencySummary;
  /** fill pushed by the stand-in → the same event relayed by a bare Durable Object */
  floor: LatencySummary;
  warmup: number;
}

/** the floor relay subscribes as an account of its own, so our object never sees its fills */
const FLOOR_UID = 222_333_444;
const FLOOR_KEY = {
  key: "benchFloorRelayKey".padEnd(64, "0"),
  secret: "benchFloorRelaySecret".padEnd(64, "0"),
  uid: FLOOR_UID,
};

function summary(samples: number[]): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return {
    n: s.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    max: s.at(-1) ?? Number.NaN,
  };
}

/** A WebSocket whose messages are handed, in order, to whoever waits for one that matches. */
async function openSocket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const waiting: { match: (m: Record<string, unknown>) => boolean; done: (t: number) => void }[] =
    [];
  ws.on("message", (data) => {
    const at = performance.now();
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    const i = waiting.findIndex((w) => w.match(m));
    if (i >= 0) waiting.splice(i, 1)[0]?.done(at);
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const next = (match: (m: Record<string, unknown>) => boolean, ms = 10_000) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BenchFailure("no stream message in time")), ms);
      waiting.push({
        match,
        done: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
      });
    });
  return { ws, next };
}

export async function streamLatency(o: {
  apiUrl: URL;
  floorUrl: URL;
  token: string;
  fills: number;
  progress: (msg: string) => void;
}): Promise<StreamLatency> {
  const warmup = 5;
  const fake = await startFakeBinance({
    seed: "bench-live",
    trades: 40,
    fillerBases: 3,
    limits: { requestWeight: 60_000, sapiUidWeight: 10_000_000 },
    apiKeys: [DEFAULT_API_KEY, FLOOR_KEY],
  });
  const api = new HttpTarget(o.apiUrl, 2, o.token, 30_000);
  try {
    const wsApi = `${fake.url}/ws-api/v3`;
    const account = await api.json<{ id: string }>({
      method: "POST",
      path: "/v1/accounts",
      body: {
        name: "api-bench live",
        provider: "binance",
        config: {
          baseUrl: fake.url,
          futuresBaseUrl: fake.url,
          wsApiUrl: wsApi.replace("http", "ws"),
          historyStart: new Date(fake.account.start).toISOString(),
          weightLimits: { api: 60_000, sapiIp: 12_000, sapiUid: 10_000_000 },
        },
        credentials: { apiKey: DEFAULT_API_KEY.key, apiSecret: DEFAULT_API_KEY.secret },
      },
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const v = await api.json<{ sync: { historyComplete: boolean }; live: { live: boolean } }>({
        method: "GET",
        path: `/v1/accounts/${account.id}`,
      });
      if (v.sync.historyComplete && v.live.live) break;
      if (Date.now() > deadline)
        throw new BenchFailure(`the Binance account never went live: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const fill = async (i: number, uid?: number) => {
      const r = await fetch(`${fake.url}/__admin/fill`, {
        method: "POST",
        body: JSON.stringify({
          symbol: "BTCUSDT",
          side: i % 2 === 0 ? "BUY" : "SELL",
          qty: "0.001",
          price: "50000",
          ...(uid === undefined ? {} : { uid }),
        }),
      });
      const body = (await r.json()) as { emittedAtHr: number; delivered: number };
      if (!(body.delivered > 0)) throw new BenchFailure("the fill reached no subscription");
      return body.emittedAtHr;
    };

    o.progress(`stream latency: ${o.fills} fills through our account object`);
    const bot = await openSocket(
      `${o.apiUrl.origin.replace("http", "ws")}/v1/accounts/${account.id}/stream`,
      { Authorization: `Bearer ${o.token}` },
    );
    await bot.next((m) => m.type === "hello");
    const ours: number[] = [];
    for (let i = 0; i < o.fills + warmup; i++) {
      const arrived = bot.next((m) => m.type === "balances.changed");
      const emitted = await fill(i);
      const t = await arrived;
      if (i >= warmup) ours.push(t - emitted);
    }
    bot.ws.close();

    o.progress(`stream latency: ${o.fills} fills through the floor relay`);
    const relay = await openSocket(
      `${o.floorUrl.origin.replace("http", "ws")}/relay?to=${encodeURIComponent(wsApi)}`,
    );
    const timestamp = Date.now();
    const payload = `apiKey=${FLOOR_KEY.key}&timestamp=${timestamp}`;
    const subscribed = relay.next((m) => m.id === "floor" && m.status === 200);
    relay.ws.send(
      JSON.stringify({
        id: "floor",
        method: "userDataStream.subscribe.signature",
        params: {
          apiKey: FLOOR_KEY.key,
          timestamp,
          signature: createHmac("sha256", FLOOR_KEY.secret).update(payload).digest("hex"),
        },
      }),
    );
    await subscribed;
    const floor: number[] = [];
    const isPosition = (m: Record<string, unknown>) =>
      (m.event as { e?: string } | undefined)?.e === "outboundAccountPosition";
    for (let i = 0; i < o.fills + warmup; i++) {
      const arrived = relay.next(isPosition);
      const emitted = await fill(i, FLOOR_UID);
      const t = await arrived;
      if (i >= warmup) floor.push(t - emitted);
    }
    relay.ws.close();
    return { ours: summary(ours), floor: summary(floor), warmup };
  } finally {
    await api.close();
    await fake.close();
  }
}

export function streamSummary(r: StreamLatency): string {
  const f = (x: number) => x.toFixed(2);
  return [
    "Stream → balance (a fill the local Binance pushes on its user data stream, until a bot holds it):",
    "| path | fills | p50 ms | p99 ms | mean ms | max ms |",
    "|---|---|---|---|---|---|",
    `| ours: account object → balances.changed on the bot's stream | ${r.ours.n} | ${f(r.ours.p50)} | ${f(r.ours.p99)} | ${f(r.ours.mean)} | ${f(r.ours.max)} |`,
    `| floor: a Durable Object relaying the push to a client | ${r.floor.n} | ${f(r.floor.p50)} | ${f(r.floor.p99)} | ${f(r.floor.mean)} | ${f(r.floor.max)} |`,
    `(one fill at a time, after ${r.warmup} warm-up fills each; ours stores the trade row and the balance history in D1 before the event goes out)`,
  ].join("\n");
}

import { createPublicKey } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ScriptedAccount } from "./account-types.ts";
import { createApp } from "./app.ts";
import { ACCOUNT_UID, scriptAccount } from "./script.ts";
import { BINANCE_LIMITS, type Bucket, type Limits, WeightBook } from "./weights.ts";
import { attachWsApi, type StreamSettings, type WsApi } from "./ws-api.ts";

export interface ApiKeyConfig {
  key: string;
  /** HMAC secret */
  secret?: string;
  /** Ed25519 public key, PEM (SPKI) */
  ed25519PublicKey?: string;
  /** the account `uid` this key's account answer names (default: the scripted account's) */
  uid?: number;
}

export interface FakeBinanceOptions {
  seed?: string;
  /** the account's clock; history ends a day before it */
  now?: () => number;
  apiKeys?: ApiKeyConfig[];
  limits?: Partial<Limits>;
  port?: number;
  /** let the process exit while the server is still open (tests) */
  unref?: boolean;
  /** scripted account size: trades, listings without a walk, and days of history (700) */
  trades?: number;
  fillerBases?: number;
  days?: number;
  /** the WebSocket API's ping interval, pong timeout and connection lifetime (Binance's by default) */
  stream?: Partial<StreamSettings>;
}

export interface Faults {
  /** the next n requests answer 503 */
  fail5xx: number;
  /** the next n requests answer 200 with a cut-off body */
  malformed: number;
  /** every request waits this long */
  slowMs: number;
  /** server time = real time + skew */
  clockSkewMs: number;
  /** when set, 5xx and malformed faults hit only requests signed with this API key */
  onlyKey: string | null;
}

/** What the fault injection served: counts since the stand-in started, never reset. */
export interface ServedFaults {
  /** 503 -1008 answers (fail5xx) */
  fail5xx: number;
  /** 200 answers with the body cut in half (malformed) */
  malformed: number;
  /** REST calls held back slowMs */
  slowed: number;
  /** calls (REST and WebSocket API) answered on a clock shifted by a nonzero clockSkewMs */
  skewed: number;
  /** -1021 refusals (REST and WebSocket API): a timestamp 1 s ahead of the server, or too old */
  timestampRejected: number;
}

export interface FakeBinance {
  url: string;
  port: number;
  account: ScriptedAccount;
  weights: WeightBook;
  faults: Faults;
  /** what the faults actually did since the stand-in started (also in GET /__admin/faults) */
  served: ServedFaults;
  delisted: Set<string>;
  /** the WebSocket API at /ws-api/v3 and its user data stream */
  ws: WsApi;
  /** every request, with the API key it named (null for public ones) */
  requests: { path: string; status: number; weight: number; bucket: Bucket; key: string | null }[];
  close(): Promise<void>;
}

export const DEFAULT_API_KEY: ApiKeyConfig = {
  key: "fakeBinanceKey000000000000000000000000000000000000000000000000000",
  secret: "fakeBinanceSecret00000000000000000000000000000000000000000000000",
};

export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const realNow = opts.now ?? (() => Date.now());
  const keys = opts.apiKeys ?? [DEFAULT_API_KEY];
  const edKeys = new Map(
    keys.map((k) => [k.key, k.ed25519PublicKey ? createPublicKey(k.ed25519PublicKey) : null]),
  );
  const fake: FakeBinance = {
    url: "",
    port: 0,
    account: scriptAccount({
      seed: opts.seed ?? "binance",
      now: realNow(),
      trades: opts.trades,
      fillerBases: opts.fillerBases,
      days: opts.days,
    }),
    weights: new WeightBook({ ...BINANCE_LIMITS, ...opts.limits }),
    faults: { fail5xx: 0, malformed: 0, slowMs: 0, clockSkewMs: 0, onlyKey: null },
    served: { fail5xx: 0, malformed: 0, slowed: 0, skewed: 0, timestampRejected: 0 },
    delisted: new Set(),
    ws: null as unknown as WsApi,
    requests: [],
    close: async () => {},
  };

  const app = createApp({ fake, keys, edKeys, realNow });
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  // overrideGlobalObjects: false — the stand-in runs inside other programs (vitest configs
  // beside workerd, benches); it must not swap their global Request and Response
  const server = serve(
    {
      fetch: app.fetch,
      port: opts.port ?? 0,
      hostname: "127.0.0.1",
      overrideGlobalObjects: false,
    },
    () => listening(),
  ) as Server;
  // the WebSocket API shares the port: `ws` takes the node server's upgrades
  fake.ws = attachWsApi(server, {
    keys: keys.map((k) => ({ key: k.key, secret: k.secret, uid: k.uid ?? ACCOUNT_UID })),
    edKeys,
    weights: fake.weights,
    realNow,
    skewMs: () => fake.faults.clockSkewMs,
    served: fake.served,
    requestWeightLimit: () => fake.weights.limits.requestWeight,
  });
  Object.assign(fake.ws.settings, opts.stream);
  await ready;
  if (opts.unref) server.unref();
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  fake.close = () =>
    new Promise((resolve) => {
      fake.ws.close();
      server.close(() => resolve());
      // keep-alive clients (workerd) would otherwise hold the server open
      server.closeAllConnections();
    });
  return fake;
}

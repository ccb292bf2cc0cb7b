import { env } from "cloudflare:test";
import type { ServedFaults } from "@portfolio/fake-binance";
import type { RegisterInput } from "../src/rpc-types.js";
import { registerInput } from "./helpers.js";

/** Talks to the local Binance's admin side (faults, limits, stats): not part of Binance's API. */
export async function fakeAdmin<T = unknown>(path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${env.FAKE_BINANCE_URL}/__admin/${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await r.json()) as T;
}

/** The faults the local Binance served so far, counted since it started (a test compares two readings: the stand-in is shared). */
export async function servedFaults(): Promise<ServedFaults> {
  return (await fakeAdmin<{ served: ServedFaults }>("faults")).served;
}

export function binanceConfig(extra: Record<string, unknown> = {}) {
  return {
    baseUrl: env.FAKE_BINANCE_URL,
    futuresBaseUrl: env.FAKE_BINANCE_URL,
    wsApiUrl: `${env.FAKE_BINANCE_URL.replace("http", "ws")}/ws-api/v3`,
    historyStart: env.FAKE_BINANCE_START,
    weightLimits: { api: 60_000, sapiIp: 1_000_000, sapiUid: 10_000_000 },
    ...extra,
  };
}

export function binanceInput(
  extra: Partial<RegisterInput> = {},
  config: Record<string, unknown> = {},
): RegisterInput {
  return registerInput(
    {
      name: "binance test",
      provider: "binance",
      type: "cex",
      config: binanceConfig(config),
      credentials: { apiKey: env.FAKE_BINANCE_KEY, apiSecret: env.FAKE_BINANCE_SECRET },
    },
    extra,
  );
}

export interface FakeSummary {
  start: number;
  trades: number;
  tradedSymbols: string[];
  deposits: number;
  withdrawals: number;
  converts: number;
  dust: number;
  dividends: number;
  /** ids of deposits still pending (credited by /__admin/credit-deposit) */
  pendingDeposits: string[];
  /** withdrawals cancelled, rejected or failed: no balance moved */
  failedWithdrawals: number;
  /** completed P2P orders (a cancelled one moved nothing) */
  p2p: number;
  /** Binance Pay payments received and made */
  pay: number;
  /** fiat deposits and withdrawals that moved money */
  fiat: number;
  /** completed crypto buys with a card or the fiat balance */
  cardBuys: number;
  /** Simple Earn rewards, flexible and locked */
  earnRewards: number;
}

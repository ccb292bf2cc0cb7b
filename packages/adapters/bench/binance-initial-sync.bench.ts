// `pnpm bench`: the initial sync of the scripted Binance account against the local Binance at
// Binance's real limits (6,000 /api weight a minute, SAPI 12,000 IP / 180,000 UID), with
// weight and wall time, next to the naive sync (myTrades over every symbol in exchangeInfo)
// run against the same server. Reports; asserts nothing.
import { DEFAULT_API_KEY, startFakeBinance } from "@portfolio/fake-binance";
import { it } from "vitest";
import { BinanceAdapter } from "../src/binance/binance-adapter.js";
import { BinanceClient } from "../src/binance/client.js";
import { BinanceConfig } from "../src/binance/config.js";

type Stats = {
  spent: { api: number; sapiIp: number; sapiUid: number };
  requests: number;
  statuses: Record<string, number>;
};

async function admin<T>(url: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${url}/__admin/${path}`, {
    method: body ? "POST" : "GET",
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await r.json()) as T;
}

it("measures the initial Binance sync against the naive one", async () => {
  const fake = await startFakeBinance({ seed: "bench" });
  try {
    const creds = { apiKey: DEFAULT_API_KEY.key, apiSecret: DEFAULT_API_KEY.secret as string };
    const adapter = new BinanceAdapter(
      BinanceConfig.parse({
        baseUrl: fake.url,
        futuresBaseUrl: fake.url,
        historyStart: new Date(fake.account.start).toISOString(),
      }),
      creds,
      { now: () => Date.now(), fetch },
    );
    const t0 = performance.now();
    let waited = 0;
    let cursor: string | null = null;
    let rows = 0;
    let pages = 0;
    for (;;) {
      const r = await adapter.getTransactions({ cursor, limit: 1000 });
      if (!r.ok) {
        if (!r.error.paced) throw new Error(r.error.message);
        waited += r.error.retryAfterMs ?? 0;
        await new Promise((res) => setTimeout(res, r.error.retryAfterMs));
        continue;
      }
      pages++;
      rows += r.value.transactions.length;
      cursor = r.value.nextCursor;
      if (!r.value.hasMore) break;
    }
    const balances = await adapter.getBalances();
    const prices = await adapter.getMarketValues("USD");
    if (!balances.ok || !prices.ok) throw new Error("balances or prices failed");
    const wall = performance.now() - t0;
    const ours = await admin<Stats>(fake.url, "stats");

    // the naive way: every listed symbol's myTrades from the first trade, paging by fromId
    await admin(fake.url, "reset-stats", {});
    await admin(fake.url, "limits", { requestWeight: 10_000_000 });
    const info = (await (await fetch(`${fake.url}/api/v3/exchangeInfo`)).json()) as {
      symbols: { symbol: string }[];
    };
    // the naive client does not pace (the server's limit is lifted to let it finish)
    const naiveClient = new BinanceClient(
      BinanceConfig.parse({
        baseUrl: fake.url,
        futuresBaseUrl: fake.url,
        weightShare: 1,
        weightLimits: { api: 1e9, sapiIp: 1e9, sapiUid: 1e9 },
      }),
      creds,
      { now: () => Date.now(), fetch },
    );
    const tn = performance.now();
    let naiveRows = 0;
    for (const { symbol } of info.symbols) {
      let fromId = 0;
      for (;;) {
        const r = await naiveClient.call<{ id: number }[]>(
          { path: "/api/v3/myTrades", method: "GET", weight: 20, bucket: "api", signed: true },
          { symbol, fromId, limit: 1000 },
        );
        if (!r.ok) throw new Error(r.error.message);
        naiveRows += r.value.length;
        const last = r.value.at(-1);
        if (!last || r.value.length < 1000) break;
        fromId = last.id + 1;
      }
    }
    const naiveWall = performance.now() - tn;
    const naive = await admin<Stats>(fake.url, "stats");
    const trades = fake.account.listed.reduce(
      (n, s) => n + (fake.account.trades.get(s.symbol)?.length ?? 0),
      0,
    );

    console.log(
      [
        "",
        `Binance initial sync: ${trades} trades over ${fake.account.trades.size} traded symbols, ${info.symbols.length} listed; Binance's limits (6000/min /api, share 0.8)`,
        `  ours   /api weight ${ours.spent.api}  SAPI IP ${ours.spent.sapiIp}  SAPI UID ${ours.spent.sapiUid}  requests ${ours.requests}  pages ${pages}  rows ${rows}`,
        `         wall ${(wall / 1000).toFixed(1)} s (of which ${(waited / 1000).toFixed(1)} s waiting for weight windows)  429s ${ours.statuses["429"] ?? 0}  418s ${ours.statuses["418"] ?? 0}`,
        `  naive  /api weight ${naive.spent.api} for myTrades alone (${naive.requests} requests, ${naiveRows} trades, ${(naiveWall / 1000).toFixed(1)} s with the limit lifted; at 6000/min that is ${(naive.spent.api / 6000).toFixed(1)} min)`,
        `  ours / naive /api weight = 1/${(naive.spent.api / ours.spent.api).toFixed(1)} (target: at most 1/20)`,
        "",
      ].join("\n"),
    );
  } finally {
    await fake.close();
  }
}, 600_000);

// `pnpm bench`: GET /v1/tax/report and GET /v1/portfolio/pnl for an owner with 100,000
// transactions over 50 assets (buys and sells for USDT over five years, a BNB fee on every
// tenth), inside workerd with local D1 and the price object, cold (the rows' hourly prices
// asked of the price service for the first time) and warm, beside GET /health from the same
// run. The lots engine's own time is core's bench (packages/core/bench/lots-engine.bench.ts).
// Asserts nothing about speed.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { api } from "../test/http.js";
import { median, timedGet } from "./timing.js";

const DAY = 86_400_000;
const ROWS = 100_000;

it("answers the tax report and the P&L over 100,000 transactions", async () => {
  const created = await api("POST", "/v1/accounts", {
    body: {
      name: "tax bench",
      provider: "simulated",
      config: { seed: "tax-bench", start: new Date(Date.now() + DAY).toISOString() },
    },
  });
  expect(created.status).toBe(201);
  const id = created.json.id as string;
  const info = (await (await fetch(`${env.FAKE_BINANCE_URL}/api/v3/exchangeInfo`)).json()) as {
    symbols: { baseAsset: string; quoteAsset: string }[];
  };
  const assets = [
    ...new Set(
      info.symbols
        .filter((s) => s.quoteAsset === "USDT" && !["EUR", "GBP", "USDC"].includes(s.baseAsset))
        .map((s) => s.baseAsset),
    ),
  ];
  expect(assets).toHaveLength(50);
  const now = Date.now();
  const start = now - 5 * 365 * DAY;
  const insert = env.DB.prepare(
    "INSERT INTO transactions (id, account_id, tx_id, tx_type, asset, amount, quote_asset, quote_amount, fee, fee_asset, timestamp, metadata, source, inserted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 'sync', ?, ?)",
  );
  const rows: D1PreparedStatement[] = [
    insert.bind(
      "tx_b0",
      id,
      "d0",
      "deposit",
      "USDT",
      "100000000",
      null,
      null,
      null,
      null,
      start,
      start,
      start,
    ),
    insert.bind(
      "tx_b1",
      id,
      "d1",
      "deposit",
      "BNB",
      "1000",
      null,
      null,
      null,
      null,
      start,
      start,
      start,
    ),
  ];
  const step = (now - DAY - start) / ROWS;
  for (let i = 2; i < ROWS; i++) {
    const t = Math.floor(start + i * step);
    const asset = assets[(i * 7) % assets.length] as string;
    const sell = i % 20 >= 12;
    const fee = i % 10 === 0;
    rows.push(
      insert.bind(
        `tx_b${i}`,
        id,
        `t${i}`,
        sell ? "sell" : "buy",
        asset,
        sell ? "1" : String(1 + (i % 13)),
        "USDT",
        String(10 * (1 + (i % 97))),
        fee ? "0.001" : null,
        fee ? "BNB" : null,
        t,
        t,
        t,
      ),
    );
  }
  for (let i = 0; i < rows.length; i += 1000) await env.DB.batch(rows.slice(i, i + 1000));

  const timed = timedGet;
  const floor: number[] = [];
  for (let i = 0; i < 20; i++) floor.push((await timed("/health", false)).ms);
  const year = new Date(now - 200 * DAY).getUTCFullYear();
  const report = `/v1/tax/report?year=${year}&method=fifo`;
  const cold = await timed(report);
  const runs: string[] = [`| tax report ${year}, JSON, cold | ${cold.ms} ms | ${cold.bytes} |`];
  for (const [label, path] of [
    ["tax report, JSON, warm (median of 3)", report],
    ["tax report, CSV, warm (median of 3)", `${report}&format=csv`],
    ["tax report, HIFO, warm (median of 3)", `/v1/tax/report?year=${year}&method=hifo`],
    ["P&L, all time, warm (median of 3)", "/v1/portfolio/pnl?method=fifo"],
  ] as const) {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await timed(path);
      ms.push(r.ms);
      bytes = r.bytes;
    }
    runs.push(`| ${label} | ${median(ms)} ms | ${bytes} |`);
  }
  console.log(
    [
      `tax routes over ${ROWS} transactions of ${assets.length} assets`,
      "| request | time | bytes |",
      "| --- | --- | --- |",
      ...runs,
      `| floor: GET /health (median of 20) | ${median(floor)} ms | |`,
    ].join("\n"),
  );
});

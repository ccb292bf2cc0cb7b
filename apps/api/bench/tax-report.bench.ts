// `pnpm bench`: GET /v1/tax/report and GET /v1/portfolio/pnl for an owner with 100,000
// transactions over 50 assets (buys and sells for USDT over five years, a BNB fee on every
// tenth), inside workerd with local D1 and the price object, cold (the rows' hourly prices
// asked of the price service for the first time) and warm, beside GET /health from the same
// run. The lots engine's own time is core's bench (packages/core/bench/lots-engine.bench.ts).
// Asserts nothing about speed.
import { env } from "cloudflare:test";
import { type HistoryRow, storeHistory } from "@portfolio/test-support/stored-history";
import { expect, it } from "vitest";
import { quietAccount } from "../test/http.js";
import { median, timedGet } from "./timing.js";

const DAY = 86_400_000;
const ROWS = 100_000;

it("answers the tax report and the P&L over 100,000 transactions", async () => {
  const id = await quietAccount("tax-bench");
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
  const rows: HistoryRow[] = [
    { txId: "d0", txType: "deposit", asset: "USDT", amount: "100000000", timestamp: start },
    { txId: "d1", txType: "deposit", asset: "BNB", amount: "1000", timestamp: start },
  ];
  const step = (now - DAY - start) / ROWS;
  for (let i = 2; i < ROWS; i++) {
    const t = Math.floor(start + i * step);
    const asset = assets[(i * 7) % assets.length] as string;
    const sell = i % 20 >= 12;
    const fee = i % 10 === 0;
    rows.push({
      txId: `t${i}`,
      txType: sell ? "sell" : "buy",
      asset,
      amount: sell ? "1" : String(1 + (i % 13)),
      quoteAsset: "USDT",
      quoteAmount: String(10 * (1 + (i % 97))),
      ...(fee ? { fee: "0.001", feeAsset: "BNB" } : {}),
      timestamp: t,
    });
  }
  await storeHistory(env.DB, id, rows);

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

// `pnpm bench`: rebuilding five years of history for an account with 100,000 transactions over
// 50 assets, inside workerd (local D1, the price object) against a local Binance at Binance's
// real /api limit (6,000 weight a minute). Reports wall time and the klines weight the price
// service spent, cold (every candle fetched) and warm (every candle already in D1), beside the
// time of one empty D1 round trip from the same run. Asserts nothing about speed.
import { env } from "cloudflare:test";
import { createDb } from "@portfolio/db";
import { type HistoryRow, storeHistory } from "@portfolio/test-support/stored-history";
import { expect, it } from "vitest";
import { rebuildOwnerHistory } from "../src/snapshots/rebuild-history.js";
import { fakeAdmin } from "../test/binance-helpers.js";
import { accountStub, simulatedInput, unwrap } from "../test/helpers.js";

const DAY = 86_400_000;
const OWNER = "rebuild-bench";
const ROWS = 100_000;
/** Binance's /api request weight a minute */
const WEIGHT_PER_MINUTE = 6_000;

/** 100,000 rows over five years: one USDT deposit, then buys and sells of 50 assets for USDT, the same every run. */
async function writeLedger(accountId: string, assets: string[], now: number): Promise<void> {
  const start = now - 5 * 365 * DAY;
  const held = new Map<string, number>();
  const rows: HistoryRow[] = [
    { txId: "deposit:0", txType: "deposit", asset: "USDT", amount: "10000000", timestamp: start },
  ];
  const step = (now - DAY - start) / ROWS;
  for (let i = 1; i < ROWS; i++) {
    // a fixed mix: the assets in turn, two sales in five where there is something to sell
    const asset = assets[(i * 7) % assets.length] as string;
    const have = held.get(asset) ?? 0;
    const sell = have > 0 && i % 5 < 2;
    const amount = sell ? Math.floor(have * 0.3 * 1e8) / 1e8 : (1 + (i % 97)) / 100;
    if (amount <= 0) continue;
    held.set(asset, have + (sell ? -amount : amount));
    const t = Math.floor(start + i * step);
    rows.push({
      txId: `trade:${asset}USDT:${i}`,
      txType: sell ? "sell" : "buy",
      asset,
      amount: amount.toFixed(8),
      quoteAsset: "USDT",
      quoteAmount: (amount * 10).toFixed(8),
      fee: "0.001",
      feeAsset: "USDT",
      timestamp: t,
    });
  }
  await storeHistory(env.DB, accountId, rows);
}

it("rebuilds five years of history of 100,000 transactions over 50 assets", async () => {
  const input = simulatedInput(-24, { owner: OWNER });
  unwrap(await accountStub(input.id).register(input));
  const info = (await (await fetch(`${env.FAKE_BINANCE_URL}/api/v3/exchangeInfo`)).json()) as {
    symbols: { baseAsset: string; quoteAsset: string }[];
  };
  const assets = info.symbols
    .filter((s) => s.quoteAsset === "USDT" && !["EUR", "GBP", "USDC"].includes(s.baseAsset))
    .map((s) => s.baseAsset);
  expect(assets).toHaveLength(50);
  const now = Date.now();
  await writeLedger(input.id, assets, now);

  // the runtime's floor: one D1 round trip (workerd's clock moves only across I/O)
  const f0 = Date.now();
  for (let i = 0; i < 20; i++) await env.DB.prepare("SELECT 1").first();
  const floorMs = (Date.now() - f0) / 20;

  const runs: string[] = [];
  for (const label of ["cold (candles fetched)", "warm (candles in D1)"]) {
    await fakeAdmin("reset-stats", {});
    const t0 = Date.now();
    const r = await rebuildOwnerHistory(createDb(env.DB), env.PRICES, OWNER, "USD", now);
    const stats = await fakeAdmin<{ spent: { api: number }; requests: number }>("stats");
    const seconds = (Date.now() - t0) / 1000;
    const perMinute = stats.spent.api / Math.max(seconds / 60, 1 / 60);
    runs.push(
      `| ${label} | ${r.written} | ${seconds.toFixed(1)} s | ${stats.spent.api} | ${stats.requests} | ${((100 * perMinute) / WEIGHT_PER_MINUTE).toFixed(0)}% |`,
    );
    expect(r.unpriced).toEqual([]);
  }
  console.log(
    [
      `rebuild of ${ROWS} transactions over ${assets.length} assets, five years (daily points, hourly for the last 90 days)`,
      "| run | points | wall time | /api weight | requests | weight per minute spent, of 6,000 |",
      "| --- | --- | --- | --- | --- | --- |",
      ...runs,
      `floor: one D1 round trip ${floorMs.toFixed(2)} ms`,
    ].join("\n"),
  );
});

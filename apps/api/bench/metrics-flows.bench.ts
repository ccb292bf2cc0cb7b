// `pnpm bench`: GET /v1/portfolio/metrics over two years of daily snapshots and 40,000 external
// flows (a tenth of them transfers between the owner's own accounts, which the route pairs and
// leaves out), inside workerd with local D1 and the price object. Reports the route's time cold
// (the flows' hourly candles fetched from the local Binance) and warm (candles in D1), beside
// the runtime's floor from the same run: GET /health through the same worker. Asserts nothing
// about speed.
import { env } from "cloudflare:test";
import { type HistoryRow, storeHistory } from "@portfolio/test-support/stored-history";
import { it } from "vitest";
import { quietAccount } from "../test/http.js";
import { median, timedGet } from "./timing.js";

const DAY = 86_400_000;
const FLOWS = 40_000;
const DAYS = 730;

/** Two years of daily snapshots and 40,000 flows of USDT and BTC into and out of two accounts. */
async function seed(a: string, b: string, now: number): Promise<void> {
  const first = Math.floor(now / DAY) - DAYS;
  const snap = env.DB.prepare(
    "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, inserted_at, updated_at) VALUES (?, 'default', ?, ?, 'USD', '[]', ?, ?, ?)",
  );
  const snaps: D1PreparedStatement[] = [];
  for (let d = 0; d <= DAYS; d++) {
    const t = Math.min((first + d + 1) * DAY - 1, now - 1000);
    const prices = JSON.stringify({ BTC: String(30_000 + 10 * d), USDT: "1" });
    snaps.push(snap.bind(`snap_bench${d}`, t, String(1_000_000 + 100 * d), prices, t, t));
  }
  await env.DB.batch(snaps);
  const ofA: HistoryRow[] = [];
  const ofB: HistoryRow[] = [];
  const step = (DAYS * DAY - DAY) / FLOWS;
  for (let i = 0; i < FLOWS; i++) {
    const t = Math.floor(first * DAY + i * step);
    const asset = i % 5 < 2 ? "BTC" : "USDT";
    const amount = asset === "BTC" ? "0.01" : "250";
    if (i % 10 === 0) {
      // a transfer between the owner's accounts: the same chain transaction out of a, into b
      const metadata = { chainTxId: `0xbench${i}` };
      ofA.push({ txId: `w${i}`, txType: "withdrawal", asset, amount, timestamp: t, metadata });
      ofB.push({
        txId: `d${i}`,
        txType: "deposit",
        asset,
        amount,
        timestamp: t + 60_000,
        metadata,
      });
      i++;
      continue;
    }
    const txType = i % 3 === 0 ? "withdrawal" : "deposit";
    ofA.push({ txId: `f${i}`, txType, asset, amount, timestamp: t });
  }
  await storeHistory(env.DB, a, ofA);
  await storeHistory(env.DB, b, ofB);
}

it("answers the metrics route over 40,000 flows", async () => {
  const now = Date.now();
  const [a, b] = [await quietAccount("bench-a"), await quietAccount("bench-b")];
  await seed(a, b, now);
  const timed = async (path: string, auth = true) => {
    const r = await timedGet(path, auth);
    return { ms: r.ms, json: JSON.parse(r.text) };
  };
  const floor: number[] = [];
  for (let i = 0; i < 20; i++) floor.push((await timed("/health", false)).ms);
  const cold = await timed("/v1/portfolio/metrics?period=all");
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await timed("/v1/portfolio/metrics?period=all")).ms);
  console.log(
    [
      `GET /v1/portfolio/metrics?period=all: ${DAYS + 1} daily snapshots, ${FLOWS} flow rows (every tenth pair an own transfer), unpriced flows: ${JSON.stringify(cold.json.unpricedFlows)}`,
      "| request | time |",
      "| --- | --- |",
      `| metrics, cold (the flows' candles fetched) | ${cold.ms} ms |`,
      `| metrics, warm (median of 5) | ${median(warm)} ms |`,
      `| floor: GET /health (median of 20) | ${median(floor)} ms |`,
    ].join("\n"),
  );
});

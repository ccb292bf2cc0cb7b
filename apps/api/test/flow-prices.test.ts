import { env } from "cloudflare:test";
import { Dec, formatAmount } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { api, quietAccount } from "./http.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The close of the last hourly candle of `symbol` closed by `at`, as the local Binance says. */
async function hourlyCloseBy(symbol: string, at: number): Promise<string> {
  const r = await fetch(
    `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=${symbol}&interval=1h&startTime=${at - 3 * HOUR}&limit=5`,
  );
  const k = (await r.json()) as (string | number)[][];
  const c = [...k].reverse().find((x) => (x[6] as number) <= at);
  return String(Number(c?.[4]));
}

async function insertSnapshot(id: string, at: number, value: string, prices: object) {
  await env.DB.prepare(
    "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, inserted_at, updated_at) VALUES (?, 'default', ?, ?, 'USD', '[]', ?, ?, ?)",
  )
    .bind(id, at, value, JSON.stringify(prices), at, at)
    .run();
}

async function insertDeposit(accountId: string, txId: string, asset: string, at: number) {
  await env.DB.prepare(
    "INSERT INTO transactions (id, account_id, tx_id, tx_type, asset, amount, timestamp, metadata, source, inserted_at, updated_at) VALUES (?, ?, ?, 'deposit', ?, '1', ?, '{}', 'api', ?, ?)",
  )
    .bind(`tx_${txId.padEnd(20, "0")}`, accountId, txId, asset, at, at, at)
    .run();
}

describe("external flows in the history", () => {
  it("values a deposit at its own moment's price, and an asset the service cannot price at the snapshot's", async () => {
    const accountId = await quietAccount("flows");
    const day = Math.floor(Date.now() / DAY) - 3;
    // the snapshots say BTC was 1 at the day's close: a made-up price no market shows, so a
    // flow valued at the day's close cannot pass for one valued at its own time
    await insertSnapshot("snap_flowsbefore000000", day * DAY - HOUR, "100", { BTC: "1", ZZZ: "2" });
    await insertSnapshot("snap_flowsday000000000", (day + 1) * DAY - HOUR, "100", {
      BTC: "1",
      ZZZ: "2",
    });
    // 1 BTC at 14:37 and 1 ZZZ (no Binance pair) at 15:00 of that day
    const btcAt = day * DAY + 14 * HOUR + 37 * 60_000;
    await insertDeposit(accountId, "flow-btc", "BTC", btcAt);
    await insertDeposit(accountId, "flow-zzz", "ZZZ", day * DAY + 15 * HOUR);

    const from = new Date(day * DAY).toISOString();
    const to = new Date((day + 1) * DAY - 1).toISOString();
    const r = await api("GET", `/v1/portfolio/history?interval=day&from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    const [point] = r.json.points;
    // BTCUSDT's last hourly close before 14:37 (USDT at par), plus ZZZ at the snapshot's 2
    const btc = await hourlyCloseBy("BTCUSDT", btcAt);
    expect(Number(btc)).toBeGreaterThan(1000);
    expect(point.inflow).toBe(formatAmount(new Dec(btc).add(2)));
    expect(r.json.unpricedFlows).toEqual([]);
  });
});

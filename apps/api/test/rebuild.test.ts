import { env } from "cloudflare:test";
import { Dec, formatAmount, sumBalanceEffects } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The close of the last candle of `symbol` closed by `end`, as the local Binance says: hourly
 * candles for a point in the last 90 days (the rebuild's hourly points), daily ones before.
 */
async function closeBy(symbol: string, end: number): Promise<string> {
  const interval = Date.now() - end <= 90 * DAY ? "1h" : "1d";
  const step = interval === "1h" ? HOUR : DAY;
  const r = await fetch(
    `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=${symbol}&interval=${interval}&startTime=${end - 3 * step}&limit=5`,
  );
  const k = (await r.json()) as (string | number)[][];
  const c = [...k].reverse().find((x) => (x[6] as number) <= end && (x[6] as number) < Date.now());
  return String(Number(c?.[4]));
}

describe("POST /v1/portfolio/rebuild", () => {
  it("values the ledger's holdings at every past hour at the local Binance's hourly closes", async () => {
    // a simulated account with four days of hourly history (BTC, ETH, SOL and USDT cash)
    const start = new Date(Math.floor(Date.now() / DAY) * DAY - 4 * DAY).toISOString();
    const created = await api("POST", "/v1/accounts", {
      token: "other",
      body: { name: "Ledger", provider: "simulated", config: { seed: "rebuild", start } },
    });
    expect(created.status).toBe(201);
    expect(
      (await api("POST", `/v1/accounts/${created.json.id}/sync`, { token: "other" })).status,
    ).toBe(200);

    const r = await api("POST", "/v1/portfolio/rebuild", { token: "other" });
    expect(r.status).toBe(200);
    // four days and more of hours, each a point (the account is younger than 90 days)
    expect(r.json.written).toBeGreaterThanOrEqual(4 * 24);
    expect(r.json.unpriced).toEqual([]);
    // the account shows the owner's rebuilt history
    const view = await api("GET", `/v1/accounts/${created.json.id}`, { token: "other" });
    expect(view.json.backfill).toEqual({
      state: "done",
      from: r.json.from,
      to: r.json.to,
      done: r.json.written,
    });

    // the ledger, read here from D1, and each hour's holdings × that hour's closes, in USD (USDT at par)
    const ledger = (
      await env.DB.prepare(
        "SELECT tx_type, asset, amount, quote_asset, quote_amount, fee, fee_asset, timestamp FROM transactions WHERE account_id = ? ORDER BY timestamp",
      )
        .bind(created.json.id)
        .all<Record<string, string | number | null>>()
    ).results.map((x) => ({
      txType: x.tx_type as string,
      asset: x.asset as string,
      amount: x.amount as string,
      quoteAsset: (x.quote_asset as string | null) ?? null,
      quoteAmount: (x.quote_amount as string | null) ?? null,
      fee: (x.fee as string | null) ?? null,
      feeAsset: (x.fee_asset as string | null) ?? null,
      timestamp: x.timestamp as number,
    }));
    const points = (
      await env.DB.prepare(
        "SELECT timestamp, value FROM portfolio_snapshots WHERE owner_id = 'other' AND source = 'rebuilt' ORDER BY timestamp",
      ).all<{ timestamp: number; value: string }>()
    ).results;
    expect(points).toHaveLength(r.json.written);
    for (const p of points) {
      const held = sumBalanceEffects(ledger.filter((t) => t.timestamp <= p.timestamp));
      let expected = new Dec(0);
      for (const [asset, amount] of held) {
        if (amount.isZero()) continue;
        const price = asset === "USDT" ? "1" : await closeBy(`${asset}USDT`, p.timestamp);
        expected = expected.add(amount.mul(price));
      }
      expect(`${new Date(p.timestamp).toISOString()} ${p.value}`).toBe(
        `${new Date(p.timestamp).toISOString()} ${formatAmount(expected)}`,
      );
    }
  });

  it("is the same when run again, and leaves a day with a live snapshot to that snapshot", async () => {
    const first = await api("POST", "/v1/portfolio/rebuild", { token: "other" });
    const again = await api("POST", "/v1/portfolio/rebuild", { token: "other" });
    expect(again.json).toEqual(first.json);
    // a live snapshot taken yesterday noon: that day is no longer rebuilt
    const noon = Math.floor(Date.now() / DAY) * DAY - DAY / 2;
    await env.DB.prepare(
      "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, source, inserted_at, updated_at) VALUES ('snap_livetest00000000', 'other', ?, '1', 'USD', '[]', '{}', 'live', ?, ?)",
    )
      .bind(noon, noon, noon)
      .run();
    const third = await api("POST", "/v1/portfolio/rebuild", { token: "other" });
    expect(third.json).toMatchObject({ written: first.json.written - 1, keptLive: 1 });
    // a partial live snapshot (an account left out) is no point of the history: its day is rebuilt
    const earlier = noon - 2 * DAY;
    await env.DB.prepare(
      "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, source, unavailable_accounts, inserted_at, updated_at) VALUES ('snap_partialtest00000', 'other', ?, '1', 'USD', '[]', '{}', 'live', ?, ?, ?)",
    )
      .bind(
        earlier,
        JSON.stringify([{ accountId: "acct_x", reason: "its first sync has not finished" }]),
        earlier,
        earlier,
      )
      .run();
    const fourth = await api("POST", "/v1/portfolio/rebuild", { token: "other" });
    expect(fourth.json).toMatchObject({ written: first.json.written - 1, keptLive: 1 });
    const n = await env.DB.prepare(
      "SELECT count(*) AS n FROM portfolio_snapshots WHERE owner_id = 'other' AND source = 'rebuilt'",
    ).first<{ n: number }>();
    expect(n?.n).toBe(first.json.written - 1);
  });

  it("needs the admin scope", async () => {
    expect((await api("POST", "/v1/portfolio/rebuild", { token: "read" })).status).toBe(403);
  });
});

import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  waitOnExecutionContext,
} from "cloudflare:test";
import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import worker from "../src/worker.js";
import { binanceInput } from "./binance-helpers.js";
import { accountStub, rawStub, simulatedInput, unwrap } from "./helpers.js";

/** The sync worker's hourly cron, run at `scheduledTime`, to its end. */
async function runSnapshotCron(scheduledTime: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "0 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("scheduled portfolio snapshots", () => {
  it("writes one snapshot per owner with the breakdown and every known price, once per minute", async () => {
    const a = simulatedInput(5, { owner: "snap-owner" });
    const b = simulatedInput(9, { owner: "snap-owner" }, { seed: "other-seed" });
    for (const input of [a, b]) {
      unwrap(await accountStub(input.id).register(input));
      await runDurableObjectAlarm(rawStub(input.id));
    }
    const scheduledTime = Date.UTC(2026, 10, 25, 14, 0, 7);
    for (let i = 0; i < 2; i++) {
      await runSnapshotCron(scheduledTime);
    }
    const rows = await env.DB.prepare(
      "SELECT * FROM portfolio_snapshots WHERE owner_id = 'snap-owner'",
    ).all<{
      timestamp: number;
      value: string;
      base_currency: string;
      asset_breakdown: string;
      prices: string;
    }>();
    expect(rows.results).toHaveLength(1);
    const snap = rows.results[0];
    expect(snap?.timestamp).toBe(Date.UTC(2026, 10, 25, 14, 0, 0));
    expect(snap?.base_currency).toBe("USD");
    const breakdown = JSON.parse(snap?.asset_breakdown ?? "[]") as {
      asset: string;
      value: string;
    }[];
    const sum = breakdown.reduce((s, h) => s.add(h.value), new Dec(0));
    expect(sum.eq(snap?.value ?? "x")).toBe(true);
    expect(Object.keys(JSON.parse(snap?.prices ?? "{}"))).toEqual(
      expect.arrayContaining(["BTC", "ETH", "SOL", "USDT"]),
    );
  });

  it("values every account's BTC at the price service's one price, not each account's own", async () => {
    // two simulated accounts whose own BTC prices differ (their seeds walk differently)
    const a = simulatedInput(5, { owner: "one-price" }, { seed: "price-a" });
    const b = simulatedInput(5, { owner: "one-price" }, { seed: "price-b" });
    for (const input of [a, b]) {
      unwrap(await accountStub(input.id).register(input));
      await runDurableObjectAlarm(rawStub(input.id));
    }
    await runSnapshotCron(Date.UTC(2026, 10, 26, 9, 0, 0));
    const snap = await env.DB.prepare(
      "SELECT asset_breakdown, prices FROM portfolio_snapshots WHERE owner_id = 'one-price'",
    ).first<{ asset_breakdown: string; prices: string }>();
    const btc = (
      JSON.parse(snap?.asset_breakdown ?? "[]") as { asset: string; price: string }[]
    ).find((h) => h.asset === "BTC");
    // the local Binance's BTCUSDT, taken to USD at par (Binance quotes no dollar)
    const ticker = (await (
      await fetch(`${env.FAKE_BINANCE_URL}/api/v3/ticker/price?symbol=BTCUSDT`)
    ).json()) as { price: string };
    expect(Number(btc?.price)).toBeCloseTo(Number(ticker.price), 6);
    expect(Number(JSON.parse(snap?.prices ?? "{}").BTC)).toBeCloseTo(Number(ticker.price), 6);
  });

  it("leaves out an account whose first sync has not finished, marking the snapshot partial", async () => {
    const synced = simulatedInput(5, { owner: "half-synced" });
    unwrap(await accountStub(synced.id).register(synced));
    await runDurableObjectAlarm(rawStub(synced.id));
    // a Binance account whose platform cannot be reached: its first sync never finishes, so it
    // has no balances and no prices yet
    const fresh = binanceInput(
      { owner: "half-synced" },
      { baseUrl: "http://127.0.0.1:9", futuresBaseUrl: "http://127.0.0.1:9", realtime: false },
    );
    unwrap(await accountStub(fresh.id).register(fresh));
    await runSnapshotCron(Date.UTC(2026, 10, 27, 9, 0, 0));
    const snap = await env.DB.prepare(
      "SELECT unavailable_accounts FROM portfolio_snapshots WHERE owner_id = 'half-synced'",
    ).first<{ unavailable_accounts: string }>();
    expect(JSON.parse(snap?.unavailable_accounts ?? "[]")).toEqual([
      { accountId: fresh.id, reason: "its first sync has not finished" },
    ]);
  });
});

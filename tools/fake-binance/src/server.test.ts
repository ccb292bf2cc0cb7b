import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, type FakeBinance, startFakeBinance } from "./server.ts";

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "rules", trades: 300, fillerBases: 5 });
});
afterAll(() => fake.close());

async function signed(
  path: string,
  params: Record<string, string>,
  opts: { secret?: string; timestamp?: number } = {},
) {
  const q = new URLSearchParams({
    ...params,
    timestamp: String(opts.timestamp ?? Date.now()),
  }).toString();
  const sig = createHmac("sha256", opts.secret ?? (DEFAULT_API_KEY.secret as string))
    .update(q)
    .digest("hex");
  const r = await fetch(`${fake.url}${path}?${q}&signature=${sig}`, {
    headers: { "X-MBX-APIKEY": DEFAULT_API_KEY.key },
  });
  return {
    status: r.status,
    body: (await r.json()) as { code?: number; msg?: string } & Record<string, unknown>,
    headers: r.headers,
  };
}

describe("the local Binance enforces what Binance enforces", () => {
  it("rejects a wrong signature with -1022 and a stale timestamp with -1021", async () => {
    expect(await signed("/api/v3/account", {}, { secret: "x".repeat(64) })).toMatchObject({
      status: 400,
      body: { code: -1022 },
    });
    expect(await signed("/api/v3/account", {}, { timestamp: Date.now() - 60_000 })).toMatchObject({
      status: 400,
      body: { code: -1021 },
    });
    expect(await signed("/api/v3/account", {}, { timestamp: Date.now() + 5_000 })).toMatchObject({
      status: 400,
      body: { code: -1021 },
    });
  });

  it("answers the account's commission rates per symbol, as GET /api/v3/account states them", async () => {
    expect((await signed("/api/v3/account/commission", {})).body.code).toBe(-1102);
    expect((await signed("/api/v3/account/commission", { symbol: "NOPEUSDT" })).body.code).toBe(
      -1121,
    );
    const c = await signed("/api/v3/account/commission", { symbol: "BTCUSDT" });
    expect(c.body).toMatchObject({
      symbol: "BTCUSDT",
      standardCommission: { maker: "0.00060000", taker: "0.00080000" },
      specialCommission: { maker: "0.00000000", taker: "0.00000000" },
      taxCommission: { maker: "0.00000000", taker: "0.00000000" },
      discount: { discountAsset: "BNB" },
    });
    const a = await signed("/api/v3/account", {});
    // rates, and the same in basis points × 100 (the official example: 15 is 0.15%)
    expect(a.body).toMatchObject({
      makerCommission: 6,
      takerCommission: 8,
      commissionRates: { maker: "0.00060000", taker: "0.00080000" },
    });
  });

  it("holds money in futures and margin too, moved there by universal transfers it lists by type", async () => {
    expect((await signed("/sapi/v1/asset/transfer", {})).body.code).toBe(-1102);
    const t = await signed("/sapi/v1/asset/transfer", { type: "MAIN_UMFUTURE" });
    expect(t.body).toMatchObject({
      total: 1,
      rows: [{ asset: "USDT", amount: "500", status: "CONFIRMED" }],
    });
    const f = await signed("/fapi/v2/balance", {});
    expect(f.body).toEqual([expect.objectContaining({ asset: "USDT", balance: "500.00000000" })]);
    const m = await signed("/sapi/v1/margin/account", {});
    expect((m.body as unknown as { userAssets: unknown[] }).userAssets).toEqual([
      expect.objectContaining({ asset: "USDT", netAsset: "300.00000000", borrowed: "0.00000000" }),
    ]);
  });

  it("takes a timestamp in microseconds as well as in milliseconds", async () => {
    const r = await signed("/api/v3/account", {}, { timestamp: Date.now() * 1000 + 123 });
    expect(r.status).toBe(200);
  });

  it("answers a signed request without a signature with -1102", async () => {
    const r = await fetch(`${fake.url}/api/v3/account?timestamp=${Date.now()}`, {
      headers: { "X-MBX-APIKEY": DEFAULT_API_KEY.key },
    });
    expect(((await r.json()) as { code: number }).code).toBe(-1102);
  });

  it("reports the used weight of every answer in X-MBX-USED-WEIGHT-1M", async () => {
    const a = await fetch(`${fake.url}/api/v3/exchangeInfo`);
    const b = await fetch(`${fake.url}/api/v3/exchangeInfo`);
    expect(
      Number(b.headers.get("x-mbx-used-weight-1m")) - Number(a.headers.get("x-mbx-used-weight-1m")),
    ).toBe(20);
  });

  it("keeps myTrades' rules: symbol required, limit ≤ 1000, no fromId with times, 24 h windows, -1121", async () => {
    expect((await signed("/api/v3/myTrades", {})).body.code).toBe(-1102);
    expect((await signed("/api/v3/myTrades", { symbol: "BTCUSDT", limit: "1001" })).body.code).toBe(
      -1130,
    );
    expect(
      (await signed("/api/v3/myTrades", { symbol: "BTCUSDT", fromId: "1", startTime: "1" })).body
        .code,
    ).toBe(-1128);
    expect(
      (
        await signed("/api/v3/myTrades", {
          symbol: "BTCUSDT",
          startTime: "0",
          endTime: String(86_400_001),
        })
      ).body.code,
    ).toBe(-1127);
    expect((await signed("/api/v3/myTrades", { symbol: "NOPEUSDT" })).body.code).toBe(-1121);
  });

  it("refuses deposit history windows of more than 90 days", async () => {
    const now = Date.now();
    const r = await signed("/sapi/v1/capital/deposit/hisrec", {
      startTime: String(now - 91 * 86_400_000),
      endTime: String(now),
    });
    expect(r).toMatchObject({ status: 400, body: { code: -1127 } });
  });

  it("answers 429 with Retry-After past the limit, then 418 to a client that keeps going", async () => {
    await fetch(`${fake.url}/__admin/new-window`, { method: "POST", body: "{}" });
    await fetch(`${fake.url}/__admin/consume`, {
      method: "POST",
      body: JSON.stringify({ bucket: "api", weight: 6000 }),
    });
    const first = await fetch(`${fake.url}/api/v3/time`);
    expect(first.status).toBe(429);
    // seconds until the weight window reopens: present, whole, within the 1-minute window
    const retryAfter = first.headers.get("retry-after");
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${fake.url}/api/v3/time`)).status);
    expect(statuses.at(-1)).toBe(418);
    await fetch(`${fake.url}/__admin/unban`, { method: "POST", body: "{}" });
    await fetch(`${fake.url}/__admin/new-window`, { method: "POST", body: "{}" });
  });

  it("sends convert order ids beyond 2^53 as bare JSON numbers, as Binance does", async () => {
    const c = fake.account.converts[0];
    if (!c) return;
    const r = await fetch(
      `${fake.url}/sapi/v1/convert/tradeFlow?${(() => {
        const q = new URLSearchParams({
          startTime: String(c.createTime - 1000),
          endTime: String(c.createTime + 1000),
          timestamp: String(Date.now()),
        }).toString();
        return `${q}&signature=${createHmac("sha256", DEFAULT_API_KEY.secret as string)
          .update(q)
          .digest("hex")}`;
      })()}`,
      { headers: { "X-MBX-APIKEY": DEFAULT_API_KEY.key } },
    );
    expect(await r.text()).toContain(`"orderId":${c.orderId}`);
  });

  it("scripts an account that never drives a balance negative", () => {
    const usdt = fake.account.spot.get("USDT");
    expect(Number(usdt?.free)).toBeGreaterThan(0);
    expect([...fake.account.spot.values()].every((b) => Number(b.free) >= 0)).toBe(true);
  });
});

import { startFakeBinance } from "@portfolio/fake-binance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BinanceClient } from "./client.js";
import { BinanceConfig } from "./config.js";
import { readKlines } from "./klines.js";

let fake: Awaited<ReturnType<typeof startFakeBinance>>;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "klines-reader", trades: 50, fillerBases: 2 });
});
afterAll(() => fake.close());

describe("readKlines", () => {
  it("reads daily candles unsigned, as canonical decimals, from the first open at or after the start", async () => {
    const client = new BinanceClient(BinanceConfig.parse({ baseUrl: fake.url }), null, {
      now: () => Date.now(),
      fetch: (i, init) => fetch(i, init),
    });
    const start = fake.account.start;
    const r = await readKlines(client, "BTCUSDT", "1d", start, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((k) => k.openTime)).toEqual([
      start,
      start + 86_400_000,
      start + 2 * 86_400_000,
    ]);
    // the stand-in's own candles, as it sends them ("30000.00000000" becomes "30000")
    const raw = (await (
      await fetch(`${fake.url}/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=${start}&limit=1`)
    ).json()) as string[][];
    expect(r.value[0]?.close).toBe(String(Number(raw[0]?.[4])));
    expect(r.value[0]?.closeTime).toBe(start + 86_400_000 - 1);
    // public: no key was named
    expect(
      fake.requests.filter((q) => q.path === "/api/v3/klines").every((q) => q.key === null),
    ).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeBinance, startFakeBinance } from "./server.ts";

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "klines", trades: 400, fillerBases: 3 });
});
afterAll(() => fake.close());

type Row = [number, string, string, string, string, string, number, string, number];

async function klines(params: Record<string, string>): Promise<Row[]> {
  const r = await fetch(`${fake.url}/api/v3/klines?${new URLSearchParams(params)}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Row[];
}

describe("the local Binance's klines", () => {
  it("puts every trade of the account inside its day's candle", async () => {
    const [symbol, trades] =
      [...fake.account.trades].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    if (!symbol || !trades) throw new Error("the scripted account has no trades");
    const first = trades[0]?.time as number;
    const rows: Row[] = [];
    // walk the account's whole history, 1000 days a page
    for (
      let from = first;
      rows.length === 0 || (rows.at(-1)?.[6] ?? 0) < Date.now() - 86_400_000;
    ) {
      const page = await klines({ symbol, interval: "1d", startTime: String(from), limit: "1000" });
      if (page.length === 0) break;
      rows.push(...page);
      from = (page.at(-1)?.[6] as number) + 1;
    }
    let checked = 0;
    for (const t of trades) {
      const c = rows.find((r) => r[0] <= t.time && t.time <= r[6]);
      expect(c, `no candle for the trade at ${t.time}`).toBeDefined();
      const [low, high] = [Number(c?.[3]), Number(c?.[2])];
      expect(Number(t.price)).toBeGreaterThanOrEqual(low);
      expect(Number(t.price)).toBeLessThanOrEqual(high);
      checked++;
    }
    expect(checked).toBe(trades.length);
  });

  it("closes today's candle at the ticker's price", async () => {
    const [last] = (await klines({ symbol: "BTCUSDT", interval: "1d", limit: "1" })).slice(-1);
    const ticker = (await (
      await fetch(`${fake.url}/api/v3/ticker/price?symbol=BTCUSDT`)
    ).json()) as {
      price: string;
    };
    expect(last?.[4]).toBe(ticker.price);
  });

  it("puts a fill made now inside its minute's candle", async () => {
    const r = await fetch(`${fake.url}/__admin/fill`, {
      method: "POST",
      body: JSON.stringify({ symbol: "BTCUSDT", side: "BUY", qty: "0.001", price: "12345.6" }),
    });
    const fill = ((await r.json()) as { trade: { time: number } }).trade;
    const [minute] = await klines({
      symbol: "BTCUSDT",
      interval: "1m",
      startTime: String(fill.time),
      limit: "1",
    });
    expect(Number(minute?.[3])).toBeLessThanOrEqual(12345.6);
    expect(minute?.[8]).toBe(1);
  });

  it("refuses an unknown interval with -1120 and a missing symbol with -1102", async () => {
    const bad = await fetch(`${fake.url}/api/v3/klines?symbol=BTCUSDT&interval=7m`);
    expect(((await bad.json()) as { code: number }).code).toBe(-1120);
    const none = await fetch(`${fake.url}/api/v3/klines?interval=1d`);
    expect(((await none.json()) as { code: number }).code).toBe(-1102);
  });
});

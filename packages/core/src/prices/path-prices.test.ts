import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { pathPrices } from "./path-prices.js";
import type { Candle } from "./quotes-at.js";

const H = 3_600_000;
const candle = (base: string, quote: string, closeTime: number, close: string): Candle => ({
  base,
  quote,
  source: "test",
  interval: "1h",
  closeTime,
  close: new Dec(close),
});

describe("pathPrices", () => {
  it("multiplies each step's last close at every moment, inverting a pair quoted the other way", () => {
    // SOL → USDT → EUR with EUR listed as EURUSDT: SOL in EUR = SOLUSDT ÷ EURUSDT
    const candles = [
      candle("SOL", "USDT", H - 1, "150"),
      candle("SOL", "USDT", 2 * H - 1, "160"),
      candle("EUR", "USDT", H - 1, "1.25"),
      candle("EUR", "USDT", 2 * H - 1, "1.28"),
    ];
    const steps = [
      { from: "SOL", to: "USDT", assumed: false },
      { from: "USDT", to: "EUR", assumed: false },
    ];
    const prices = pathPrices(steps, candles, [H - 1, H + 30 * 60_000, 2 * H - 1], 2 * H);
    // 150 / 1.25 = 120 at the first close and half an hour later (no newer candle yet);
    // 160 / 1.28 = 125 at the second close
    expect(prices.map((p) => p?.toString())).toEqual(["120", "120", "125"]);
  });

  it("answers null before a step's first candle and once its last is older than the limit", () => {
    const candles = [candle("BTC", "USDT", 10 * H - 1, "60000")];
    const steps = [
      { from: "BTC", to: "USDT", assumed: false },
      { from: "USDT", to: "USD", assumed: true },
    ];
    const prices = pathPrices(steps, candles, [5 * H, 10 * H, 13 * H], 2 * H);
    // before the candle: nothing; just after: 60000 (USDT at par); three hours on: too old
    expect(prices.map((p) => p?.toString() ?? null)).toEqual([null, "60000", null]);
  });
});

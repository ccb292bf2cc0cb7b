import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { PriceGraph, type Quote } from "./price-graph.js";
import { quotesAt } from "./quotes-at.js";

const q = (base: string, quote: string, price: string, at = 1_000, extra: Partial<Quote> = {}) => ({
  base,
  quote,
  price: new Dec(price),
  at,
  source: `test:${base}${quote}`,
  ...extra,
});

describe("PriceGraph", () => {
  it("prices SOL in EUR through USDT: 150 USDT per SOL ÷ 1.08 USDT per EUR", () => {
    const g = new PriceGraph([q("SOL", "USDT", "150"), q("EUR", "USDT", "1.08")]);
    const p = g.price("SOL", "EUR");
    // 150 / 1.08 = 138.8888…
    expect(p?.price.toSignificantDigits(12).toString()).toBe("138.888888889");
    expect(p?.hops.map((h) => `${h.from}>${h.to}:${h.source}`)).toEqual([
      "SOL>USDT:test:SOLUSDT",
      "USDT>EUR:test:EURUSDT",
    ]);
    expect(p?.asOf).toBe(1_000);
  });

  it("takes the fewest hops, then the freshest quotes", () => {
    const g = new PriceGraph([
      // a direct but older quote, and a fresher two-hop path
      q("ETH", "BTC", "0.05", 1_000),
      q("ETH", "USDT", "3000", 9_000),
      q("BTC", "USDT", "60000", 9_000),
      // two one-hop quotes of the same pair: the fresher wins
      q("BNB", "USDT", "600", 2_000),
      q("BNB", "USDT", "610", 8_000),
    ]);
    expect(g.price("ETH", "BTC")?.price.toString()).toBe("0.05");
    expect(g.price("BNB", "USDT")?.price.toString()).toBe("610");
  });

  it("takes a stablecoin at par only where no market price exists", () => {
    const par = q("USDT", "USD", "1", 5_000, { assumed: true, source: "par" });
    const btc = q("BTC", "USDT", "60000");
    // only the assumption reaches USD: BTC at 60000 × 1
    expect(new PriceGraph([btc, par]).price("BTC", "USD")).toMatchObject({ assumed: 1 });
    expect(new PriceGraph([btc, par]).price("BTC", "USD")?.price.toString()).toBe("60000");
    // a market price of USDT in USD, even through more hops, wins: 60000 × 0.999 = 59940
    const market = [btc, par, q("USDT", "EUR", "0.9"), q("EUR", "USD", "1.11")];
    const p = new PriceGraph(market).price("BTC", "USD");
    expect(p?.assumed).toBe(0);
    // 60000 × 0.9 × 1.11 = 59940
    expect(p?.price.toString()).toBe("59940");
  });

  it("leaves an asset with no path unpriced, never zero, and lists what a base reaches", () => {
    const g = new PriceGraph([q("SOL", "USDT", "150"), q("ZZZ", "QQQ", "2")]);
    expect(g.price("ZZZ", "USDT")).toBeNull();
    expect(g.priceAll(["SOL", "ZZZ", "USDT"], "USDT").unpriced).toEqual(["ZZZ"]);
    expect(g.reachable("USDT")).toEqual(["SOL", "USDT"]);
    // an asset in itself is 1, with no hop
    expect(g.price("USDT", "USDT")).toMatchObject({ hops: [], asOf: null });
  });

  it("ignores a quote that is zero, negative or of a pair with itself", () => {
    const g = new PriceGraph([q("A", "B", "0"), q("C", "B", "-1"), q("D", "D", "2")]);
    expect(g.reachable("B")).toEqual(["B"]);
  });
});

describe("quotesAt", () => {
  const DAY = 86_400_000;
  const candle = (interval: string, closeTime: number, close: string) => ({
    base: "BTC",
    quote: "USDT",
    source: "binance",
    interval,
    closeTime,
    close: new Dec(close),
  });

  it("takes the last candle closed by the moment asked, the finer one on a tie, none too old", () => {
    const candles = [
      candle("1d", 10 * DAY - 1, "60000"),
      candle("1h", 10 * DAY - 1, "60100"),
      candle("1d", 11 * DAY - 1, "61000"),
    ];
    // between the two daily closes: the earlier day's, and of its two candles the hourly one
    expect(quotesAt(candles, 10 * DAY + 5, 2 * DAY).map((x) => x.price.toString())).toEqual([
      "60100",
    ]);
    expect(quotesAt(candles, 12 * DAY, 2 * DAY)[0]?.source).toBe("binance:1d");
    // a pair whose last candle is older than the limit has no price then
    expect(quotesAt(candles, 20 * DAY, 2 * DAY)).toEqual([]);
  });
});

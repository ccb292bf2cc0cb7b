import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { candlesFromTicks } from "./candles-from-ticks.js";

const H = 3_600_000;
const tick = (at: number, price: string) => ({ at, price: new Dec(price) });
const row = (c: ReturnType<typeof candlesFromTicks>[number]) =>
  [c.openTime / H, c.open, c.high, c.low, c.close].map(String).join(" ");

describe("candlesFromTicks", () => {
  it("opens, highs, lows and closes each hour from its swaps, carrying the price through quiet hours", () => {
    // swaps at 0:10 (200), 0:40 (210), 2:30 (190); the chain is final to 3:59:59.999
    const ticks = [tick(10 * 60_000, "200"), tick(40 * 60_000, "210"), tick(2.5 * H, "190")];
    const candles = candlesFromTicks(ticks, "1h", H, 4 * H - 1);
    expect(candles.map(row)).toEqual([
      // hour 0: opens at its first swap, closes at its last
      "0 200 210 200 210",
      // hour 1: no swap, the price stays 210
      "1 210 210 210 210",
      // hour 2: from 210 down to 190
      "2 210 210 190 190",
      "3 190 190 190 190",
    ]);
  });

  it("leaves the bucket that has not closed yet, and starts from a carried price", () => {
    // the last run ended at hour 2 with the price 190; a swap at 3:15 to 195, final to 4:30
    const candles = candlesFromTicks([tick(3.25 * H, "195")], "1h", H, 4.5 * H, {
      before: new Dec("190"),
      from: 2 * H,
    });
    expect(candles.map(row)).toEqual(["2 190 190 190 190", "3 190 195 190 195"]);
  });
});

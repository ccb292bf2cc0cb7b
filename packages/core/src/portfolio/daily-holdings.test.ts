import { describe, expect, it } from "vitest";
import { dailyHoldings } from "./daily-holdings.js";

const DAY = 86_400_000;
const row = (
  day: number,
  hour: number,
  t: Partial<Parameters<typeof dailyHoldings>[0][number]>,
) => ({
  txType: "deposit",
  asset: "USDT",
  amount: "0",
  quoteAsset: null,
  quoteAmount: null,
  fee: null,
  feeAsset: null,
  timestamp: day * DAY + hour * 3_600_000,
  ...t,
});

describe("dailyHoldings", () => {
  it("replays the ledger to the end of each day", () => {
    // day 10: 1000 USDT in; day 11: buy 0.01 BTC for 600 USDT, 0.6 USDT fee; day 13: nothing
    const days = dailyHoldings(
      [
        row(10, 9, { amount: "1000" }),
        row(11, 14, {
          txType: "buy",
          asset: "BTC",
          amount: "0.01",
          quoteAsset: "USDT",
          quoteAmount: "600",
          fee: "0.6",
          feeAsset: "USDT",
        }),
      ],
      10,
      12,
    );
    const show = (m: Map<string, { toString(): string }>) =>
      Object.fromEntries([...m].map(([a, v]) => [a, v.toString()]));
    expect(days.map((d) => [d.day, show(d.holdings)])).toEqual([
      [10, { USDT: "1000" }],
      [11, { USDT: "399.4", BTC: "0.01" }],
      [12, { USDT: "399.4", BTC: "0.01" }],
    ]);
  });

  it("counts rows before the first day in it, and drops what comes to zero", () => {
    const days = dailyHoldings(
      [row(1, 0, { amount: "5" }), row(2, 0, { txType: "withdrawal", amount: "5" })],
      3,
      3,
    );
    expect(days).toEqual([{ day: 3, holdings: new Map() }]);
  });
});

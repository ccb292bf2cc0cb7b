import { describe, expect, it } from "vitest";
import { holdingsAt } from "./holdings-at.js";

const DAY = 86_400_000;
const row = (day: number, hour: number, t: Partial<Parameters<typeof holdingsAt>[0][number]>) => ({
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

describe("holdingsAt", () => {
  it("replays the ledger to each moment: here the end of each day", () => {
    // day 10: 1000 USDT in; day 11: buy 0.01 BTC for 600 USDT, 0.6 USDT fee; day 13: nothing
    const ends = [10, 11, 12].map((d) => (d + 1) * DAY - 1);
    const held = holdingsAt(
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
      ends,
    );
    const show = (m: Map<string, { toString(): string }>) =>
      Object.fromEntries([...m].map(([a, v]) => [a, v.toString()]));
    expect(held.map(show)).toEqual([
      { USDT: "1000" },
      { USDT: "399.4", BTC: "0.01" },
      { USDT: "399.4", BTC: "0.01" },
    ]);
  });

  it("counts rows before the first moment in it, and drops what comes to zero", () => {
    const held = holdingsAt(
      [row(1, 0, { amount: "5" }), row(2, 0, { txType: "withdrawal", amount: "5" })],
      [4 * DAY - 1],
    );
    expect(held).toEqual([new Map()]);
  });
});

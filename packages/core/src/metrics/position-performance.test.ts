import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { positionPerformance } from "./position-performance.js";
import { MetricInputError } from "./series.js";

const d = (s: string) => new Dec(s);
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

describe("positionPerformance (average cost)", () => {
  const trades = [
    { date: day(0), side: "buy" as const, quantity: d("1"), price: d("100"), fee: d("1") },
    { date: day(10), side: "buy" as const, quantity: d("1"), price: d("200"), fee: d("1") },
    { date: day(20), side: "sell" as const, quantity: d("1"), price: d("300"), fee: d("1") },
  ];

  it("realises gains against the average cost and keeps fees apart", () => {
    const p = positionPerformance(trades, d("250"), day(30));
    expect(p.quantity.toFixed()).toBe("1");
    expect(p.averageCost.toFixed()).toBe("150");
    expect(p.invested.toFixed()).toBe("150");
    expect(p.realizedGain.toFixed()).toBe("150");
    expect(p.unrealizedGain.toFixed()).toBe("100");
    expect(p.fees.toFixed()).toBe("3");
    expect(p.netPerformance.toFixed()).toBe("247");
  });

  it("divides by time-weighted invested capital for the return on average investment", () => {
    // 100 for 10 days, 300 for 10 days, 150 for 10 days → 5500 / 30
    const p = positionPerformance(trades, d("250"), day(30));
    expect(p.averageInvested.toDecimalPlaces(10).toFixed()).toBe(
      d("5500").div(30).toDecimalPlaces(10).toFixed(),
    );
    expect(p.returnOnAverageInvestment).toBeCloseTo(247 / (5500 / 30), 12);
  });

  it("is order independent and refuses to sell what is not held", () => {
    const shuffled = [trades[2], trades[0], trades[1]] as typeof trades;
    expect(positionPerformance(shuffled, d("250"), day(30)).netPerformance.toFixed()).toBe("247");
    expect(() =>
      positionPerformance(
        [{ ...trades[2], date: day(0) } as (typeof trades)[number]],
        d("1"),
        day(1),
      ),
    ).toThrow(MetricInputError);
  });

  it("has no return on average investment when nothing was invested", () => {
    expect(positionPerformance([], d("1"), day(1)).returnOnAverageInvestment).toBeNull();
  });
});

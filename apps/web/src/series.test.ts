import { describe, expect, it } from "vitest";
import { calendarReturns, drawdowns, withValueNow } from "./series.js";

describe("calendarReturns", () => {
  it("compounds a month's days and a year's months", () => {
    // January: +10 % then −10 %: 1.1 × 0.9 − 1 = −1 %; March: +5 %; the year: 0.99 × 1.05 − 1 = 3.95 %
    const r = calendarReturns([
      { date: "2025-01-02", return: 0.1 },
      { date: "2025-01-03", return: -0.1 },
      { date: "2025-02-01", return: null },
      { date: "2025-03-01", return: 0.05 },
    ]);
    expect(r).toHaveLength(1);
    const [y] = r;
    expect(y?.months[0]).toBeCloseTo(-0.01, 12);
    expect(y?.months[1]).toBeNull();
    expect(y?.months[2]).toBeCloseTo(0.05, 12);
    expect(y?.total).toBeCloseTo(0.0395, 12);
  });
});

describe("drawdowns", () => {
  it("measures each day against the highest wealth so far", () => {
    // wealth 1.2, then 0.9 (1.2 × 0.75), then 1.08: a quarter below the peak, then a tenth
    const d = drawdowns([
      { date: "a", return: 0.2 },
      { date: "b", return: -0.25 },
      { date: "c", return: 0.2 },
    ]);
    expect(d.map((x) => x.drawdown.toFixed(4))).toEqual(["0.0000", "-0.2500", "-0.1000"]);
  });
});

describe("withValueNow", () => {
  const day = (start: string, value: string) => ({ start, value, inflow: "0", outflow: "0" });
  const history = [day("2026-11-29T00:00:00Z", "100"), day("2026-11-30T00:00:00Z", "110")];

  it("ends the history at the value now when now is later", () => {
    const now = { asOf: "2026-11-30T15:20:00Z", total: "845781.80" };
    expect(withValueNow(history, now)).toEqual([...history, day(now.asOf, "845781.80")]);
  });

  it("leaves the history as it is when its last point is not older than now, or now is unknown", () => {
    expect(withValueNow(history, { asOf: "2026-11-30T00:00:00Z", total: "1" })).toEqual(history);
    expect(withValueNow(history, null)).toEqual(history);
  });
});

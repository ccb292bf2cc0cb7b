import { describe, expect, it } from "vitest";
import { Dec, formatAmount } from "../money/decimal.js";
import { rebasePrices, valueHoldings } from "./value-holdings.js";

const d = (s: string) => new Dec(s);

describe("valueHoldings", () => {
  it("values, merges and sorts holdings, keeping unpriced assets out of the total", () => {
    const v = valueHoldings(
      [
        { asset: "BTC", amount: d("0.5") },
        { asset: "USD", amount: d("100") },
        { asset: "BTC", amount: d("0.25") },
        { asset: "XYZ", amount: d("7") },
      ],
      new Map([["BTC", d("40000")]]),
      "USD",
    );
    expect(formatAmount(v.total)).toBe("30100");
    expect(v.holdings.map((h) => [h.asset, h.value && formatAmount(h.value)])).toEqual([
      ["BTC", "30000"],
      ["USD", "100"],
      ["XYZ", null],
    ]);
    expect(v.unpriced).toEqual(["XYZ"]);
  });
});

describe("rebasePrices", () => {
  it("re-expresses USD prices in BTC through BTC's own price", () => {
    const r = rebasePrices(
      new Map([
        ["BTC", d("40000")],
        ["ETH", d("2000")],
      ]),
      "USD",
      "BTC",
    );
    expect(r && formatAmount(r.get("ETH") ?? d("0"))).toBe("0.05");
    expect(r && formatAmount(r.get("USD") ?? d("0"))).toBe("0.000025");
  });

  it("answers null when the new base has no price", () => {
    expect(rebasePrices(new Map([["BTC", d("1")]]), "USD", "EUR")).toBeNull();
  });
});

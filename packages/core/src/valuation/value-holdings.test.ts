import { describe, expect, it } from "vitest";
import { Dec, formatAmount } from "../money/decimal.js";
import { withServicePrices } from "./portfolio-summary.js";
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

describe("withServicePrices", () => {
  it("values an asset at the service's price in every account, keeping an account's own price where the service has none", () => {
    const account = (id: string, prices: Record<string, string>, priceBase = "USD") => ({
      accountId: id,
      name: id,
      holdings: [{ asset: "ETH", amount: "1" }],
      prices,
      priceBase,
      pricesAsOf: null,
      syncedAt: null,
      stale: false,
    });
    const out = withServicePrices(
      [
        account("sim", { ETH: "2500", SIMCOIN: "3" }),
        // quoted in USDT at 0.5 USD: TOKEN 4 USDT is 2 USD
        account("wallet", { ETH: "3100", TOKEN: "4", USD: "2" }, "USDT"),
      ],
      { ETH: "3000" },
      "USD",
    );
    expect(out.map((v) => v.prices.ETH)).toEqual(["3000", "3000"]);
    expect(out[0]?.prices.SIMCOIN).toBe("3");
    expect(out[1]?.prices.TOKEN).toBe("2");
    expect(out.every((v) => v.priceBase === "USD")).toBe(true);
  });
});

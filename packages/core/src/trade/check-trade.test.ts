import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { checkTrade, type SymbolRules } from "./check-trade.js";

const avail = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, new Dec(v)]));
const req = (side: "buy" | "sell", quantity: string, price: string) => ({
  side,
  base: "BTC",
  quote: "USDT",
  quantity: new Dec(quantity),
  price: new Dec(price),
});

describe("checkTrade", () => {
  it("accepts a buy that spends exactly what is available", () => {
    const r = checkTrade(req("buy", "0.5", "20000"), { available: avail({ USDT: "10000" }) });
    expect(r.ok).toBe(true);
    expect(r.spends.amount.toFixed()).toBe("10000");
  });

  it("rejects a buy that exceeds available funds once the fee is added", () => {
    const r = checkTrade(req("buy", "0.5", "20000"), {
      available: avail({ USDT: "10000" }),
      feeRate: new Dec("0.001"),
    });
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      expect.objectContaining({
        code: "INSUFFICIENT_FUNDS",
        details: { asset: "USDT", required: "10010", available: "10000" },
      }),
    ]);
  });

  it("refuses as BALANCES_UNKNOWN, not as insufficient funds, before any balance was read", () => {
    const r = checkTrade(req("buy", "0.5", "20000"), {
      available: avail({}),
      balancesKnown: false,
    });
    expect(r.violations.map((v) => v.code)).toEqual(["BALANCES_UNKNOWN"]);
  });

  it("refuses a pair the platform does not list, however much is available", () => {
    const r = checkTrade(req("buy", "0.1", "20000"), {
      available: avail({ USDT: "10000" }),
      symbolListed: false,
    });
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.code)).toEqual(["UNKNOWN_SYMBOL"]);
  });

  it("checks a sell against the base asset", () => {
    expect(
      checkTrade(req("sell", "2", "1"), { available: avail({ BTC: "1.5", USDT: "1000000" }) })
        .violations[0]?.code,
    ).toBe("INSUFFICIENT_FUNDS");
  });

  it("treats an asset never held as zero available", () => {
    expect(checkTrade(req("sell", "0.1", "1"), { available: avail({}) }).ok).toBe(false);
  });

  it("reports every violation at once", () => {
    const r = checkTrade({ ...req("buy", "0", "-1"), quote: "BTC" }, { available: avail({}) });
    expect(r.violations.map((v) => v.code).sort()).toEqual([
      "INVALID_PRICE",
      "INVALID_QUANTITY",
      "SAME_ASSET",
    ]);
  });

  const rules: SymbolRules = {
    symbol: "BTCUSDT",
    status: "TRADING",
    priceFilter: {
      minPrice: new Dec("0.01"),
      maxPrice: new Dec("1000000"),
      tickSize: new Dec("0.01"),
    },
    lotSize: { minQty: new Dec("0.00001"), maxQty: new Dec("9000"), stepSize: new Dec("0.00001") },
    notional: { filter: "NOTIONAL", minNotional: new Dec("5"), maxNotional: new Dec("0") },
  };

  it("names the filter a quantity off the step size breaks", () => {
    const r = checkTrade(req("buy", "0.0010015", "20000"), {
      available: avail({ USDT: "100" }),
      rules,
    });
    expect(r.violations.map((v) => v.code)).toEqual(["LOT_SIZE"]);
    expect(r.violations[0]?.details?.filter).toBe("LOT_SIZE");
  });

  it("rejects an order under the minimum notional and a price off the tick", () => {
    const r = checkTrade(req("buy", "0.0001", "20000.005"), {
      available: avail({ USDT: "100" }),
      rules,
    });
    expect(r.violations.map((v) => v.code).sort()).toEqual(["NOTIONAL", "PRICE_FILTER"]);
  });

  it("rejects trading a halted symbol", () => {
    const r = checkTrade(req("buy", "0.001", "20000"), {
      available: avail({ USDT: "100" }),
      rules: { ...rules, status: "BREAK" },
    });
    expect(r.violations.map((v) => v.code)).toEqual(["SYMBOL_NOT_TRADING"]);
  });

  it("never approves spending more than is available (property)", () => {
    const amount = fc
      .bigInt({ min: 0n, max: 10n ** 20n })
      .chain((n) =>
        fc
          .integer({ min: 0, max: 12 })
          .map((scale) => new Dec(n.toString()).div(new Dec(10).pow(scale))),
      );
    fc.assert(
      fc.property(
        fc.constantFrom<"buy" | "sell">("buy", "sell"),
        amount,
        amount,
        amount,
        amount,
        fc.constantFrom("0", "0.001", "0.0075"),
        (side, quantity, price, usdt, btc, fee) => {
          const feeRate = new Dec(fee);
          const r = checkTrade(
            { side, base: "BTC", quote: "USDT", quantity, price },
            {
              available: new Map([
                ["USDT", usdt],
                ["BTC", btc],
              ]),
              feeRate,
            },
          );
          if (!r.ok) return;
          const spend = side === "buy" ? quantity.mul(price).mul(feeRate.add(1)) : quantity;
          expect(spend.lte(side === "buy" ? usdt : btc)).toBe(true);
          expect(quantity.gt(0) && price.gt(0)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

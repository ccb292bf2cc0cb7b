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

  it("approves exactly the trades whose spend fits, by integer arithmetic (property)", () => {
    // amounts as integers over fixed scales, so the spend is computed apart from Decimal:
    // quantity in 1e-8 BTC, price in 1e-2 USDT, the fee in basis points, available in 1e-10
    let approved = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<"buy" | "sell">("buy", "sell"),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.constantFrom(0n, 10n, 75n),
        fc.bigInt({ min: 0n, max: 10n ** 21n }),
        (side, qUnits, pUnits, feeBps, availUnits) => {
          const quantity = new Dec(qUnits.toString()).div(1e8);
          const price = new Dec(pUnits.toString()).div(100);
          const available = new Dec(availUnits.toString()).div(1e10);
          // the buy spends q·p·(1 + fee): scale 1e8 · 1e2 · 1e4 = 1e14, available's 1e10 × 1e4
          const fits =
            side === "buy"
              ? qUnits * pUnits * (10_000n + feeBps) <= availUnits * 10_000n
              : qUnits * 100n <= availUnits;
          const r = checkTrade(
            { side, base: "BTC", quote: "USDT", quantity, price },
            {
              available: new Map([[side === "buy" ? "USDT" : "BTC", available]]),
              feeRate: new Dec(feeBps.toString()).div(10_000),
            },
          );
          expect(r.ok).toBe(fits && qUnits > 0n && pUnits > 0n);
          if (r.ok) approved++;
          else refused++;
        },
      ),
      {
        numRuns: 1000,
        // the edge: available equal to the spend (1 BTC at 60,000 with 0.1% is 60,060 USDT), or
        // one unit short
        examples: [
          ["buy", 100_000_000n, 6_000_000n, 10n, 600_600_000_000_000n],
          ["buy", 100_000_000n, 6_000_000n, 10n, 600_599_999_999_999n],
          ["sell", 12_345n, 1n, 0n, 1_234_500n],
          ["sell", 12_345n, 1n, 0n, 1_234_499n],
        ],
      },
    );
    // the property saw both answers many times, not only refusals
    expect(approved).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});

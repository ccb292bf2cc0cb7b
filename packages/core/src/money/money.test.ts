import { describe, expect, it } from "vitest";
import { AssetMismatchError } from "../errors.js";
import { addMoney, compareMoney, money, moneyToWire, subtractMoney } from "./money.js";

describe("Money", () => {
  it("adds and subtracts amounts of the same asset", () => {
    expect(moneyToWire(addMoney(money("BTC", "0.1"), money("BTC", "0.2")))).toEqual({
      asset: "BTC",
      amount: "0.3",
    });
    expect(moneyToWire(subtractMoney(money("BTC", "1"), money("BTC", "0.25")))).toEqual({
      asset: "BTC",
      amount: "0.75",
    });
  });

  it("refuses to combine two assets", () => {
    expect(() => addMoney(money("BTC", "1"), money("ETH", "1"))).toThrow(AssetMismatchError);
    expect(() => compareMoney(money("BTC", "1"), money("USDT", "1"))).toThrow(
      /cannot combine BTC with USDT/,
    );
  });
});

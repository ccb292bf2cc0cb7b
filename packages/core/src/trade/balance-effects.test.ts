import { describe, expect, it } from "vitest";
import { formatAmount } from "../money/decimal.js";
import { balanceEffects, sumBalanceEffects } from "./balance-effects.js";

const tx = (t: Partial<Parameters<typeof balanceEffects>[0]>) => ({
  txType: "deposit",
  asset: "USDT",
  amount: "0",
  quoteAsset: null,
  quoteAmount: null,
  fee: null,
  feeAsset: null,
  ...t,
});
const wire = (m: Map<string, import("decimal.js").Decimal>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, formatAmount(v)]));

describe("balanceEffects", () => {
  it("moves both legs of a buy and takes the fee from its own asset", () => {
    const effects = balanceEffects(
      tx({
        txType: "buy",
        asset: "BTC",
        amount: "0.5",
        quoteAsset: "USDT",
        quoteAmount: "10000",
        fee: "0.01",
        feeAsset: "BNB",
      }),
    );
    expect(wire(effects)).toEqual({ BTC: "0.5", USDT: "-10000", BNB: "-0.01" });
  });

  it("adds a sell's quote leg and subtracts its base", () => {
    expect(
      wire(
        balanceEffects(
          tx({
            txType: "sell",
            asset: "ETH",
            amount: "2",
            quoteAsset: "USDT",
            quoteAmount: "3000",
            fee: "3",
            feeAsset: "USDT",
          }),
        ),
      ),
    ).toEqual({ ETH: "-2", USDT: "2997" });
  });

  it("moves tokens into a pool and the share out of it on a liquidity add, and back on a remove", () => {
    const add = [
      tx({
        txType: "liquidity_add",
        asset: "TKA",
        amount: "100",
        quoteAsset: "UNI-V2",
        quoteAmount: "1.5",
      }),
      tx({
        txType: "liquidity_add",
        asset: "USDC",
        amount: "20000",
        quoteAsset: "UNI-V2",
        quoteAmount: "0",
      }),
    ];
    expect(wire(sumBalanceEffects(add))).toEqual({ TKA: "-100", USDC: "-20000", "UNI-V2": "1.5" });
    const remove = [
      tx({
        txType: "liquidity_remove",
        asset: "TKA",
        amount: "50",
        quoteAsset: "UNI-V2",
        quoteAmount: "0.75",
      }),
      tx({
        txType: "liquidity_remove",
        asset: "USDC",
        amount: "10000",
        quoteAsset: "UNI-V2",
        quoteAmount: "0",
      }),
    ];
    expect(wire(sumBalanceEffects([...add, ...remove]))).toEqual({
      TKA: "-50",
      USDC: "-10000",
      "UNI-V2": "0.75",
    });
  });

  it("sums a history into balances", () => {
    const history = [
      tx({ txType: "deposit", asset: "USDT", amount: "1000" }),
      tx({
        txType: "buy",
        asset: "BTC",
        amount: "0.01",
        quoteAsset: "USDT",
        quoteAmount: "300",
        fee: "0.3",
        feeAsset: "USDT",
      }),
      tx({ txType: "withdrawal", asset: "USDT", amount: "100", fee: "1", feeAsset: "USDT" }),
    ];
    expect(wire(sumBalanceEffects(history))).toEqual({ USDT: "598.7", BTC: "0.01" });
  });

  it("refuses an unknown transaction type rather than ignoring it", () => {
    expect(() => balanceEffects(tx({ txType: "mystery", amount: "1" }))).toThrow(
      /unknown transaction type/,
    );
  });
});

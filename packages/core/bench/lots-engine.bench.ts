// `pnpm bench`: the lots engine over 100,000 transactions of 50 assets (buys and sells for
// USDT, a BNB fee on every tenth, rewards and transfers between two accounts), for each method:
// the engine's own time, without D1 or the price service. Reports; asserts nothing.
import { it } from "vitest";
import { Dec } from "../src/money/decimal.js";
import { computeLots } from "../src/tax/lots-engine.js";
import type { LedgerRow, PriceAt } from "../src/tax/lots-types.js";
import { TaxMethod, TaxSettings } from "../src/tax/tax-settings.js";

const ROWS = 100_000;
const ASSETS = Array.from({ length: 50 }, (_, i) => `A${String(i).padStart(2, "0")}`);

function ledger(): LedgerRow[] {
  const rows: LedgerRow[] = [];
  const t0 = Date.UTC(2021, 0, 1);
  const step = (5 * 365 * 86_400_000) / ROWS;
  const base = { quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null, metadata: {} };
  rows.push({
    ...base,
    accountId: "a",
    txId: "d0",
    txType: "deposit",
    asset: "USDT",
    amount: "100000000",
    timestamp: t0,
  });
  rows.push({
    ...base,
    accountId: "a",
    txId: "d1",
    txType: "deposit",
    asset: "BNB",
    amount: "1000",
    timestamp: t0,
  });
  for (let i = 2; i < ROWS; i++) {
    const asset = ASSETS[(i * 7) % ASSETS.length] as string;
    const t = t0 + i * step;
    const k = i % 20;
    const amount = String(1 + (i % 13));
    const usdt = String(10 * (1 + (i % 97)));
    const fee = i % 10 === 0 ? { fee: "0.001", feeAsset: "BNB" } : {};
    if (k < 11)
      rows.push({
        ...base,
        accountId: "a",
        txId: `b${i}`,
        txType: "buy",
        asset,
        amount,
        quoteAsset: "USDT",
        quoteAmount: usdt,
        timestamp: t,
        ...fee,
      });
    else if (k < 18)
      rows.push({
        ...base,
        accountId: "a",
        txId: `s${i}`,
        txType: "sell",
        asset,
        amount: "1",
        quoteAsset: "USDT",
        quoteAmount: usdt,
        timestamp: t,
        ...fee,
      });
    else if (k === 18)
      rows.push({
        ...base,
        accountId: "a",
        txId: `r${i}`,
        txType: "reward",
        asset,
        amount: "0.5",
        timestamp: t,
      });
    else {
      const link = { chainTxId: `0x${i}` };
      rows.push({
        ...base,
        accountId: "a",
        txId: `w${i}`,
        txType: "withdrawal",
        asset,
        amount: "1",
        timestamp: t,
        metadata: link,
      });
      rows.push({
        ...base,
        accountId: "b",
        txId: `i${i}`,
        txType: "deposit",
        asset,
        amount: "1",
        timestamp: t + 60_000,
        metadata: link,
      });
    }
  }
  return rows;
}

it("times the lots engine over 100,000 transactions", () => {
  const rows = ledger();
  const one = new Dec(1);
  const price = new Dec("12.5");
  const priceAt: PriceAt = (asset) => (asset === "USDT" ? one : price);
  const lines = [
    "| method | rows | disposals | open lots | time |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const method of TaxMethod.options) {
    const t0 = performance.now();
    const r = computeLots(rows, "USD", TaxSettings.parse({ method }), priceAt);
    const ms = performance.now() - t0;
    lines.push(
      `| ${method} | ${rows.length} | ${r.disposals.length} | ${r.open.length} | ${ms.toFixed(0)} ms |`,
    );
  }
  console.log(`lots engine, 50 assets, two accounts\n${lines.join("\n")}`);
});

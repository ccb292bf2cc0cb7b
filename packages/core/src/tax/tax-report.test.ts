import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { computeLots } from "./lots-engine.js";
import type { LedgerRow } from "./lots-types.js";
import { pnlSummary } from "./pnl-summary.js";
import { taxReport, taxReportCsv } from "./tax-report.js";
import { TaxSettings } from "./tax-settings.js";

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
let n = 0;
const trade = (
  txType: "buy" | "sell",
  asset: string,
  amount: string,
  usd: string,
  on: string,
  accountId = "a",
): LedgerRow => ({
  accountId,
  txId: `t${++n}`,
  txType,
  asset,
  amount,
  quoteAsset: "USD",
  quoteAmount: usd,
  fee: null,
  feeAsset: null,
  timestamp: day(on),
  metadata: {},
});

// 1 BTC for 100 in 2023 and 1 for 300 in 2024; in 2025, 1.5 BTC sold for 1000.125 (FIFO: the
// 2023 coin, held over a year, and half the 2024 one); 1 ETH for 50 on b, still held
const rows = [
  trade("buy", "BTC", "1", "100", "2023-03-01"),
  trade("buy", "BTC", "1", "300", "2024-09-01"),
  trade("sell", "BTC", "1.5", "1000.125", "2025-02-01"),
  trade("buy", "ETH", "1", "50", "2025-03-01", "b"),
];

describe("the tax report", () => {
  const r = computeLots(rows, "USD", TaxSettings.parse({}), () => null);

  it("lists the year's disposals by lot, with their terms and totals", () => {
    const report = taxReport(r, 2025);
    // 1 BTC: proceeds 1000.125 × 1/1.5 = 666.75, cost 100, long (2023-03 to 2025-02);
    // 0.5 BTC: proceeds 333.375, cost 150, short
    expect(
      report.disposals.map((d) => [
        d.amount.toFixed(),
        d.proceeds.toFixed(),
        d.cost.toFixed(),
        d.term,
      ]),
    ).toEqual([
      ["1", "666.75", "100", "long"],
      ["0.5", "333.375", "150", "short"],
    ]);
    expect(report.totals.gain.toFixed()).toBe("750.125");
    expect(report.totals.longTerm.toFixed()).toBe("566.75");
    expect(report.totals.shortTerm.toFixed()).toBe("183.375");
    expect(taxReport(r, 2024).disposals).toEqual([]);
  });

  it("writes the form's columns, money rounded only there, half to even", () => {
    const lines = [...taxReportCsv(taxReport(r, 2025), { places: 2, mode: "halfEven" })];
    expect(lines).toEqual([
      "Description,Date acquired,Date sold,Proceeds,Cost,Gain or loss,Term\n",
      // 666.75 stays; 566.75 stays
      "1 BTC,2023-03-01,2025-02-01,666.75,100,566.75,long\n",
      // 333.375 → 333.38 (7 is odd: the tie goes to 8); 183.375 → 183.38
      "0.5 BTC,2024-09-01,2025-02-01,333.38,150,183.38,short\n",
    ]);
  });

  it("marks a gain held past the tax-free period as tax free, out of the terms", () => {
    const free = computeLots(rows, "USD", TaxSettings.parse({ taxFreeDays: 365 }), () => null);
    const report = taxReport(free, 2025);
    expect(report.disposals.map((d) => d.taxFree)).toEqual([true, false]);
    expect([report.totals.taxFree.toFixed(), report.totals.longTerm.toFixed()]).toEqual([
      "566.75",
      "0",
    ]);
  });
});

describe("the P&L summary", () => {
  const r = computeLots(rows, "USD", TaxSettings.parse({}), () => null);
  const pricesNow = (a: string) => (a === "BTC" ? new Dec(400) : null);

  it("realises in the period, holds now at cost and values what has a price", () => {
    const s = pnlSummary(r, { from: day("2025-01-01"), to: day("2025-12-31"), pricesNow });
    const btc = s.byAsset.find((l) => l.asset === "BTC");
    // 0.5 BTC left at 150, worth 0.5 × 400 = 200: unrealised 50
    expect([
      btc?.realised.toFixed(),
      btc?.amount.toFixed(),
      btc?.costBasis.toFixed(),
      btc?.unrealised?.toFixed(),
    ]).toEqual(["750.125", "0.5", "150", "50"]);
    // ETH has no price now: listed, its value left out
    expect(s.unpriced).toEqual(["ETH"]);
    expect(s.byAsset.find((l) => l.asset === "ETH")?.value).toBeNull();
  });

  it("reports only the accounts asked for", () => {
    const s = pnlSummary(r, { from: 0, to: Date.now(), pricesNow, accounts: new Set(["b"]) });
    expect(s.byAccount.map((l) => [l.accountId, l.asset])).toEqual([["b", "ETH"]]);
    expect(s.totals.realised.toFixed()).toBe("0");
  });
});

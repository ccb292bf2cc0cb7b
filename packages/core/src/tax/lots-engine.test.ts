import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { computeLots } from "./lots-engine.js";
import type { LedgerRow, PriceAt } from "./lots-types.js";
import { TaxSettings } from "./tax-settings.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const at = (days: number) => T0 + days * DAY;

let n = 0;
function row(r: Partial<LedgerRow> & Pick<LedgerRow, "txType" | "asset" | "amount">): LedgerRow {
  return {
    accountId: "a",
    txId: `tx${++n}`,
    quoteAsset: null,
    quoteAmount: null,
    fee: null,
    feeAsset: null,
    timestamp: at(0),
    metadata: {},
    ...r,
  };
}
const buy = (
  asset: string,
  amount: string,
  usd: string,
  day: number,
  extra: Partial<LedgerRow> = {},
) =>
  row({
    txType: "buy",
    asset,
    amount,
    quoteAsset: "USD",
    quoteAmount: usd,
    timestamp: at(day),
    ...extra,
  });
const sell = (
  asset: string,
  amount: string,
  usd: string,
  day: number,
  extra: Partial<LedgerRow> = {},
) =>
  row({
    txType: "sell",
    asset,
    amount,
    quoteAsset: "USD",
    quoteAmount: usd,
    timestamp: at(day),
    ...extra,
  });

/** prices by asset and day, as a price service would answer */
function prices(table: Record<string, Record<number, string>>): PriceAt {
  return (asset, t) => {
    const days = table[asset];
    if (!days) return null;
    const d = Math.floor((t - T0) / DAY);
    const known = Object.keys(days)
      .map(Number)
      .filter((k) => k <= d)
      .sort((x, y) => y - x)[0];
    return known === undefined ? null : new Dec(days[known] as string);
  };
}
const none: PriceAt = () => null;
const settings = (s: Partial<TaxSettings> = {}) => TaxSettings.parse(s);
const str = (d: Dec) => d.toFixed();

describe("the four methods on one history", () => {
  // buy 1 BTC at 100, 1 at 300, 1 at 150; sell 1 at 400
  const history = [
    buy("BTC", "1", "100", 0),
    buy("BTC", "1", "300", 10),
    buy("BTC", "1", "150", 20),
    sell("BTC", "1", "400", 30),
  ];
  const gainOf = (method: TaxSettings["method"]) => {
    const r = computeLots(history, "USD", settings({ method }), none);
    expect(r.disposals).toHaveLength(1);
    return str(r.disposals[0]?.gain as Dec);
  };

  it("FIFO sells the oldest lot: 400 − 100 = 300", () => expect(gainOf("fifo")).toBe("300"));
  it("LIFO sells the newest lot: 400 − 150 = 250", () => expect(gainOf("lifo")).toBe("250"));
  it("HIFO sells the dearest lot: 400 − 300 = 100", () => expect(gainOf("hifo")).toBe("100"));
  it("average cost sells at the pool's cost: 400 − 550/3 = 216.66…", () => {
    // (100 + 300 + 150) / 3 = 183.333…; 400 − 183.333… = 216.666…
    const r = computeLots(history, "USD", settings({ method: "average" }), none);
    expect(r.disposals[0]?.gain.toSignificantDigits(12).toFixed()).toBe("216.666666667");
    // the two units left carry the rest of the pool: 550 − 183.333… = 366.666…
    const left = r.open.reduce((s, l) => s.add(l.cost), new Dec(0));
    expect(left.add(r.disposals[0]?.cost as Dec).toFixed()).toBe("550");
  });
});

describe("methods per account", () => {
  it("sells by an account's own method where it has one, and by the owner's elsewhere", () => {
    // the same buys (100, then 300) and sale (400) on accounts a and b; b's method is LIFO:
    // a (FIFO) gains 400 − 100 = 300, b (LIFO) gains 400 − 300 = 100
    const on = (accountId: string) => [
      buy("BTC", "1", "100", 0, { accountId }),
      buy("BTC", "1", "300", 10, { accountId }),
      sell("BTC", "1", "400", 20, { accountId }),
    ];
    const r = computeLots(
      [...on("a"), ...on("b")],
      "USD",
      settings({ method: "fifo", accountMethods: { b: "lifo" } }),
      none,
    );
    expect(r.disposals.map((d) => [d.accountId, str(d.gain)])).toEqual([
      ["a", "300"],
      ["b", "100"],
    ]);
  });
});

describe("fees", () => {
  it("disposes of a fee paid in a third asset and adds its value to the cost of what was bought", () => {
    // 1 BNB bought for 200; 1 BTC bought for 1000 with a fee of 0.1 BNB when BNB is at 300;
    // the BTC sold for 1500
    const r = computeLots(
      [
        buy("BNB", "1", "200", 0),
        buy("BTC", "1", "1000", 5, { fee: "0.1", feeAsset: "BNB" }),
        sell("BTC", "1", "1500", 9),
      ],
      "USD",
      settings(),
      prices({ BNB: { 0: "200", 5: "300" } }),
    );
    const [fee, sale] = r.disposals;
    // the fee: 0.1 BNB worth 0.1 × 300 = 30, cost 0.1 × 200 = 20, gain 10
    expect(fee).toMatchObject({ asset: "BNB", kind: "fee" });
    expect([str(fee?.proceeds as Dec), str(fee?.cost as Dec), str(fee?.gain as Dec)]).toEqual([
      "30",
      "20",
      "10",
    ]);
    // the BTC cost 1000 + 30 = 1030: 1500 − 1030 = 470
    expect([str(sale?.cost as Dec), str(sale?.gain as Dec)]).toEqual(["1030", "470"]);
    // 0.9 BNB left at 180
    expect(r.open.map((l) => [l.asset, str(l.amount), str(l.cost)])).toEqual([
      ["BNB", "0.9", "180"],
    ]);
  });

  it("takes a fee in the asset received out of the units, not as a sale", () => {
    // 1 BTC bought for 1000, 0.001 BTC kept as the fee: 0.999 BTC at a cost of 1000
    const r = computeLots(
      [buy("BTC", "1", "1000", 0, { fee: "0.001", feeAsset: "BTC" })],
      "USD",
      settings(),
      none,
    );
    expect(r.disposals).toEqual([]);
    expect(r.open.map((l) => [str(l.amount), str(l.cost)])).toEqual([["0.999", "1000"]]);
  });

  it("realises the cost as a loss when the fee takes every unit received", () => {
    // 0.01 SOL bought for 0.31, the fee 0.01 SOL: no SOL left, 0.31 spent for nothing
    const r = computeLots(
      [buy("SOL", "0.01", "0.31", 0, { fee: "0.01", feeAsset: "SOL" })],
      "USD",
      settings(),
      none,
    );
    expect(r.open).toEqual([]);
    expect(
      r.disposals.map((d) => [str(d.amount), str(d.proceeds), str(d.cost), str(d.gain), d.kind]),
    ).toEqual([["0", "0", "0.31", "-0.31", "fee"]]);
  });
});

describe("transfers between the owner's accounts", () => {
  it("moves lots with their basis and date, so a sale from the second account is long term", () => {
    // A buys 2 ETH for 2000 on 2024-01-01; on day 152 it withdraws 1 ETH (fee 0.01 ETH, ETH at
    // 3000) to B, which sells it on day 425 (2025-03-01) for 4000
    const hash = { chainTxId: "0xabc" };
    const r = computeLots(
      [
        buy("ETH", "2", "2000", 0),
        row({
          txType: "withdrawal",
          asset: "ETH",
          amount: "1",
          fee: "0.01",
          feeAsset: "ETH",
          timestamp: at(152),
          metadata: hash,
        }),
        row({
          accountId: "b",
          txType: "deposit",
          asset: "ETH",
          amount: "1",
          timestamp: at(152) + 600_000,
          metadata: hash,
        }),
        sell("ETH", "1", "4000", 425, { accountId: "b" }),
      ],
      "USD",
      settings(),
      prices({ ETH: { 0: "1000", 152: "3000" } }),
    );
    const [fee, sale] = r.disposals;
    // the network fee is a disposal: 0.01 × 3000 = 30 for 0.01 × 1000 = 10
    expect([fee?.kind, str(fee?.gain as Dec)]).toEqual(["transfer_fee", "20"]);
    // B's ETH kept A's basis (1000) and date: 4000 − 1000 = 3000, held 425 days
    expect(sale).toMatchObject({
      accountId: "b",
      acquiredIn: "a",
      acquiredAt: at(0),
      term: "long",
    });
    expect(str(sale?.gain as Dec)).toBe("3000");
    // the transfer itself is no disposal, and A keeps 0.99 ETH at 990
    expect(r.disposals).toHaveLength(2);
    expect(r.open.map((l) => [l.accountId, str(l.amount), str(l.cost)])).toEqual([
      ["a", "0.99", "990"],
    ]);
  });

  it("adds the network fee's basis to what moved when the fee is no disposal", () => {
    const hash = { chainTxId: "0xdef" };
    const r = computeLots(
      [
        buy("ETH", "2", "2000", 0),
        row({
          txType: "withdrawal",
          asset: "ETH",
          amount: "1",
          fee: "0.01",
          feeAsset: "ETH",
          timestamp: at(10),
          metadata: hash,
        }),
        row({
          accountId: "b",
          txType: "deposit",
          asset: "ETH",
          amount: "1",
          timestamp: at(10),
          metadata: hash,
        }),
      ],
      "USD",
      settings({ transferFee: "basis" }),
      none,
    );
    expect(r.disposals).toEqual([]);
    // B's 1 ETH: 1000 of basis and the fee's 0.01 × 1000 = 10
    expect(r.open.map((l) => [l.accountId, str(l.amount), str(l.cost)])).toEqual([
      ["a", "0.99", "990"],
      ["b", "1", "1010"],
    ]);
  });
});

describe("income, missing acquisitions, many fills, converts", () => {
  it("counts a reward as income at its value on receipt, the basis of its later sale", () => {
    // 10 DOT received when DOT is at 5: income 50; sold for 80: gain 30
    const r = computeLots(
      [
        row({ txType: "reward", asset: "DOT", amount: "10", timestamp: at(0) }),
        sell("DOT", "10", "80", 30),
      ],
      "USD",
      settings(),
      prices({ DOT: { 0: "5" } }),
    );
    expect(r.income.map((i) => [i.asset, str(i.value as Dec)])).toEqual([["DOT", "50"]]);
    expect(str(r.disposals[0]?.gain as Dec)).toBe("30");
  });

  it("reports a sale of more than the lots hold as a missing acquisition at zero basis", () => {
    // 1 SOL bought for 20; 1.5 sold for 45: 1 from the lot (30 − 20 = 10), 0.5 from nowhere (15 − 0)
    const r = computeLots(
      [buy("SOL", "1", "20", 0), sell("SOL", "1.5", "45", 5)],
      "USD",
      settings(),
      none,
    );
    expect(
      r.disposals.map((d) => [str(d.amount), str(d.proceeds), str(d.cost), d.acquiredAt]),
    ).toEqual([
      ["1", "30", "20", at(0)],
      ["0.5", "15", "0", null],
    ]);
    expect(r.findings.map((f) => [f.kind, f.asset, str(f.amount)])).toEqual([
      ["missing_acquisition", "SOL", "0.5"],
    ]);
  });

  it("sells a hundred small fills in one sale, each a line at its own cost", () => {
    // 100 buys of 0.01 BTC at 100 … 199 a coin: cost 0.01 × (100 + … + 199) = 0.01 × 14950 = 149.5
    const fills = Array.from({ length: 100 }, (_, k) =>
      buy("BTC", "0.01", String((100 + k) / 100), k),
    );
    const r = computeLots([...fills, sell("BTC", "1", "200", 200)], "USD", settings(), none);
    expect(r.disposals).toHaveLength(100);
    const sum = (f: (d: (typeof r.disposals)[number]) => Dec) =>
      r.disposals.reduce((s, d) => s.add(f(d)), new Dec(0));
    expect([str(sum((d) => d.cost)), str(sum((d) => d.proceeds)), str(sum((d) => d.gain))]).toEqual(
      ["149.5", "200", "50.5"],
    );
  });

  it("disposes of one coin and acquires the other in a convert, at the market value", () => {
    // 1 BTC bought for 20000; 0.5 BTC converted into 10 ETH when BTC is at 60000:
    // the BTC fetches 0.5 × 60000 = 30000 (cost 10000, gain 20000), the ETH costs 30000
    const r = computeLots(
      [
        buy("BTC", "1", "20000", 0),
        row({
          txType: "convert",
          asset: "ETH",
          amount: "10",
          quoteAsset: "BTC",
          quoteAmount: "0.5",
          timestamp: at(3),
        }),
      ],
      "USD",
      settings(),
      prices({ BTC: { 0: "20000", 3: "60000" } }),
    );
    expect(r.disposals.map((d) => [d.asset, str(d.proceeds), str(d.cost), str(d.gain)])).toEqual([
      ["BTC", "30000", "10000", "20000"],
    ]);
    expect(r.open.map((l) => [l.asset, str(l.amount), str(l.cost)])).toEqual([
      ["BTC", "0.5", "10000"],
      ["ETH", "10", "30000"],
    ]);
  });
});

describe("liquidity", () => {
  // 100 TKA for 1000 and 1000 USDC for 1000; both into a pool for 50 LP; on day 20 the 50 LP
  // out for 80 TKA and 1250 USDC, when TKA is at 12 and USDC at 1
  const history = () => [
    buy("TKA", "100", "1000", 0),
    buy("USDC", "1000", "1000", 0),
    row({
      txType: "liquidity_add",
      asset: "TKA",
      amount: "100",
      quoteAsset: "LP",
      quoteAmount: "50",
      timestamp: at(1),
    }),
    row({
      txType: "liquidity_add",
      asset: "USDC",
      amount: "1000",
      quoteAsset: "LP",
      quoteAmount: "0",
      timestamp: at(1),
    }),
    row({
      txType: "liquidity_remove",
      asset: "TKA",
      amount: "80",
      quoteAsset: "LP",
      quoteAmount: "50",
      timestamp: at(20),
    }),
    row({
      txType: "liquidity_remove",
      asset: "USDC",
      amount: "1250",
      quoteAsset: "LP",
      quoteAmount: "0",
      timestamp: at(20),
    }),
  ];
  const market = prices({ TKA: { 0: "10", 1: "11", 20: "12" }, USDC: { 0: "1" } });

  it("exchanges the tokens' basis into the share and back, by the tokens' market values", () => {
    const r = computeLots(history(), "USD", settings(), market);
    expect(r.disposals).toEqual([]);
    // the share cost 1000 + 1000 = 2000; back out, the TKA is worth 80 × 12 = 960 and the USDC
    // 1250: TKA takes 2000 × 960 / 2210 = 868.77…, USDC the rest, 1131.22…
    const open = new Map(r.open.map((l) => [l.asset, l.cost]));
    expect(open.get("TKA")?.toSignificantDigits(10).toFixed()).toBe("868.7782805");
    expect(open.get("USDC")?.toSignificantDigits(10).toFixed()).toBe("1131.221719");
    expect((open.get("TKA") as Dec).add(open.get("USDC") as Dec).toFixed()).toBe("2000");
  });

  it("disposes of the tokens into the pool at their market value when liquidity is a disposal", () => {
    const r = computeLots(history(), "USD", settings({ liquidity: "disposal" }), market);
    // in: 100 TKA at 11 = 1100 for a cost of 1000, 1000 USDC at 1 for 1000; out: the 50 LP,
    // which cost 2100, for 960 + 1250 = 2210
    expect(r.disposals.map((d) => [d.asset, str(d.proceeds), str(d.cost), str(d.gain)])).toEqual([
      ["TKA", "1100", "1000", "100"],
      ["USDC", "1000", "1000", "0"],
      ["LP", "2210", "2100", "110"],
    ]);
  });
});

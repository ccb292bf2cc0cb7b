import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { sumBalanceEffects } from "../trade/balance-effects.js";
import { computeLots } from "./lots-engine.js";
import type { LedgerRow, PriceAt } from "./lots-types.js";
import { TaxMethod, TaxSettings } from "./tax-settings.js";

const DAY = 86_400_000;
const ASSETS = ["BTC", "ETH", "SOL"];
const ZERO = new Dec(0);
/** a price per asset and day: 10 … 1000, in cents */
const priceOf = (asset: string, day: number) =>
  new Dec(((ASSETS.indexOf(asset) + 1) * 1_000 + ((day * 37) % 900)) / 100);
const priceAt: PriceAt = (asset, t) =>
  ASSETS.includes(asset) ? priceOf(asset, Math.floor(t / DAY)) : null;

const units = fc.integer({ min: 1, max: 10_000 }).map((k) => new Dec(k).div(100));
const step = fc.record({
  kind: fc.constantFrom("buy", "sell", "reward", "move", "fee"),
  asset: fc.constantFrom(...ASSETS),
  account: fc.constantFrom("a", "b"),
  amount: units,
  fee: fc.boolean(),
});

/**
 * A history an account could have had: buys and sells for USD (a fee in SOL now and then), rewards,
 * moves between the two accounts and gas in ETH, never spending more than the account holds, so
 * every lot has an acquisition and the balances are the sum of the rows.
 */
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;
function history(steps: fc.Arbitrary<Step[]>) {
  return steps.map((ss) => {
    const held = new Map<string, Dec>();
    const get = (acc: string, a: string) => held.get(`${acc}/${a}`) ?? ZERO;
    const add = (acc: string, a: string, d: Dec) => held.set(`${acc}/${a}`, get(acc, a).add(d));
    const rows: LedgerRow[] = [];
    ss.forEach((s, i) => {
      const t = (i + 1) * DAY;
      const base = {
        txId: `r${i}`,
        accountId: s.account,
        quoteAsset: null,
        quoteAmount: null,
        fee: null,
        feeAsset: null,
        timestamp: t,
        metadata: {},
      };
      const usd = (a: string, n: Dec) =>
        n
          .mul(priceOf(a, i + 1))
          .toDecimalPlaces(2)
          .toFixed();
      if (s.kind === "buy") {
        const fee =
          s.fee && get(s.account, "SOL").gt("0.01") ? { fee: "0.01", feeAsset: "SOL" } : {};
        rows.push({
          ...base,
          txType: "buy",
          asset: s.asset,
          amount: s.amount.toFixed(),
          quoteAsset: "USD",
          quoteAmount: usd(s.asset, s.amount),
          ...fee,
        });
        add(s.account, s.asset, s.amount);
        if (fee.fee) add(s.account, "SOL", new Dec("-0.01"));
      } else if (s.kind === "sell") {
        const n = Dec.min(s.amount, get(s.account, s.asset));
        if (!n.gt(0)) return;
        rows.push({
          ...base,
          txType: "sell",
          asset: s.asset,
          amount: n.toFixed(),
          quoteAsset: "USD",
          quoteAmount: usd(s.asset, n),
        });
        add(s.account, s.asset, n.neg());
      } else if (s.kind === "reward") {
        rows.push({ ...base, txType: "reward", asset: s.asset, amount: s.amount.toFixed() });
        add(s.account, s.asset, s.amount);
      } else if (s.kind === "move") {
        const n = Dec.min(s.amount, get(s.account, s.asset));
        if (!n.gt(0)) return;
        const to = s.account === "a" ? "b" : "a";
        const link = { chainTxId: `0x${i}` };
        rows.push({
          ...base,
          txType: "withdrawal",
          asset: s.asset,
          amount: n.toFixed(),
          metadata: link,
        });
        rows.push({
          ...base,
          txId: `r${i}in`,
          accountId: to,
          txType: "deposit",
          asset: s.asset,
          amount: n.toFixed(),
          timestamp: t + 60_000,
          metadata: link,
        });
        add(s.account, s.asset, n.neg());
        add(to, s.asset, n);
      } else if (get(s.account, "ETH").gt("0.001")) {
        rows.push({ ...base, txType: "fee", asset: "ETH", amount: "0.001" });
        add(s.account, "ETH", new Dec("-0.001"));
      }
    });
    return rows;
  });
}

const histories = history(fc.array(step, { minLength: 1, maxLength: 60 }));
const sum = <T>(xs: readonly T[], f: (x: T) => Dec) => xs.reduce((s, x) => s.add(f(x)), ZERO);

describe("lots engine properties", () => {
  it("leaves in open lots exactly what each account holds, for every method", () => {
    fc.assert(
      fc.property(histories, fc.constantFrom(...TaxMethod.options), (rows, method) => {
        const r = computeLots(rows, "USD", TaxSettings.parse({ method }), priceAt);
        for (const account of ["a", "b"]) {
          const balances = sumBalanceEffects(rows.filter((x) => x.accountId === account));
          for (const asset of ASSETS) {
            const inLots = sum(
              r.open.filter((l) => l.accountId === account && l.asset === asset),
              (l) => l.amount,
            );
            expect(`${account} ${asset} ${inLots.toFixed()}`).toBe(
              `${account} ${asset} ${(balances.get(asset) ?? ZERO).toFixed()}`,
            );
          }
        }
        expect(r.findings.filter((f) => f.kind === "missing_acquisition")).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("makes realised plus unrealised gains equal value now minus cost of everything acquired plus proceeds", () => {
    fc.assert(
      fc.property(histories, fc.constantFrom(...TaxMethod.options), (rows, method) => {
        const r = computeLots(rows, "USD", TaxSettings.parse({ method }), priceAt);
        const end = (rows.at(-1)?.timestamp ?? 0) + DAY;
        const realised = sum(r.disposals, (d) => d.gain);
        const valueNow = sum(r.open, (l) => l.amount.mul(priceAt(l.asset, end) as Dec));
        const unrealised = valueNow.sub(sum(r.open, (l) => l.cost));
        // what was acquired, read from the rows themselves: each buy's USD and its SOL fee at
        // that day's price, each reward at its day's price; proceeds: each sale's USD and each
        // fee disposed of at its day's price
        let acquired = ZERO;
        let proceeds = ZERO;
        for (const x of rows) {
          const p = (a: string) => priceAt(a, x.timestamp) as Dec;
          // a SOL fee on a SOL buy only lessens the SOL received: no disposal, no added cost
          const feeSold = x.fee && x.asset !== x.feeAsset ? p("SOL").mul(x.fee) : ZERO;
          if (x.txType === "buy") acquired = acquired.add(x.quoteAmount as string).add(feeSold);
          if (x.txType === "reward") acquired = acquired.add(p(x.asset).mul(x.amount));
          if (x.txType === "sell") proceeds = proceeds.add(x.quoteAmount as string);
          proceeds = proceeds.add(feeSold);
          if (x.txType === "fee") proceeds = proceeds.add(p("ETH").mul(x.amount));
        }
        expect(realised.add(unrealised).toFixed()).toBe(
          valueNow.sub(acquired).add(proceeds).toFixed(),
        );
      }),
      { numRuns: 150 },
    );
  });
});

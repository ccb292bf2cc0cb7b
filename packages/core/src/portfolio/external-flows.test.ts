import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { externalFlows, type FlowCandidate } from "./external-flows.js";

const H = 3_600_000;
const tx = (
  t: Partial<FlowCandidate> & Pick<FlowCandidate, "accountId" | "txType" | "amount" | "timestamp">,
): FlowCandidate => ({
  txId: `${t.accountId}-${t.timestamp}`,
  asset: "USDT",
  metadata: {},
  ...t,
});

describe("externalFlows", () => {
  it("treats a withdrawal and a matching deposit between the owner's accounts as internal", () => {
    const r = externalFlows([
      tx({ accountId: "a", txType: "deposit", amount: "1000", timestamp: 0 }),
      tx({ accountId: "a", txType: "withdrawal", amount: "300", timestamp: 10 * H }),
      tx({ accountId: "b", txType: "deposit", amount: "300", timestamp: 11 * H }),
      tx({ accountId: "b", txType: "withdrawal", amount: "50", timestamp: 20 * H }),
    ]);
    expect(r.internalTransfers).toHaveLength(1);
    expect(r.flows.map((f) => [f.accountId, f.amount.toFixed()])).toEqual([
      ["a", "1000"],
      ["b", "-50"],
    ]);
  });

  it("pairs by chain transaction id when both sides carry one, whatever the amounts", () => {
    const r = externalFlows([
      tx({
        accountId: "a",
        txType: "withdrawal",
        amount: "300",
        timestamp: 0,
        metadata: { chainTxId: "0xABC" },
      }),
      tx({
        accountId: "b",
        txType: "deposit",
        amount: "299",
        timestamp: 72 * H,
        metadata: { chainTxId: "0xabc" },
      }),
    ]);
    expect(r.flows).toEqual([]);
  });

  it("keeps flows that do not pair: same account, other asset, too late, or earlier than the withdrawal", () => {
    const r = externalFlows([
      tx({ accountId: "a", txType: "withdrawal", amount: "5", timestamp: 10 * H }),
      tx({ accountId: "a", txType: "deposit", amount: "5", timestamp: 11 * H }),
      tx({ accountId: "b", txType: "deposit", amount: "5", asset: "BTC", timestamp: 11 * H }),
      tx({ accountId: "b", txType: "deposit", amount: "5", timestamp: 9 * H }),
      tx({ accountId: "b", txType: "deposit", amount: "5", timestamp: 100 * H }),
      tx({ accountId: "b", txType: "buy", amount: "5", timestamp: 12 * H }),
    ]);
    expect(r.internalTransfers).toEqual([]);
    expect(r.flows).toHaveLength(5);
  });
});

/**
 * The pairing rule as the docs state it, written the plain quadratic way: for each withdrawal in
 * time order, the earliest unpaired deposit of another account and the same asset that carries
 * the same chain hash (when both carry one), or else moves the same amount within the window.
 */
function naivePairs(txs: FlowCandidate[], windowMs: number): string[] {
  const hashOf = (t: FlowCandidate) =>
    typeof t.metadata.chainTxId === "string" ? t.metadata.chainTxId.toLowerCase() : null;
  const sorted = [...txs]
    .filter((t) => ["deposit", "withdrawal"].includes(t.txType))
    .sort((a, b) => a.timestamp - b.timestamp);
  const used = new Set<FlowCandidate>();
  const out: string[] = [];
  for (const w of sorted) {
    if (w.txType !== "withdrawal" || used.has(w)) continue;
    const m = sorted.find(
      (d) =>
        d.txType === "deposit" &&
        !used.has(d) &&
        d.accountId !== w.accountId &&
        d.asset === w.asset &&
        (hashOf(w) !== null && hashOf(d) !== null
          ? hashOf(d) === hashOf(w)
          : d.timestamp >= w.timestamp &&
            d.timestamp - w.timestamp <= windowMs &&
            Number(d.amount) === Number(w.amount)),
    );
    if (m) {
      used.add(w).add(m);
      out.push(`${w.txId}>${m.txId}`);
    }
  }
  return out;
}

describe("externalFlows against the plain rule", () => {
  it("pairs exactly what the quadratic scan pairs, on random histories", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            accountId: fc.constantFrom("a", "b", "c"),
            txType: fc.constantFrom("deposit", "withdrawal"),
            asset: fc.constantFrom("USDT", "BTC"),
            amount: fc.constantFrom("1", "2", "2.0", "5"),
            hour: fc.integer({ min: 0, max: 120 }),
            hash: fc.option(fc.constantFrom("0xa", "0xB", "0xb"), { nil: undefined }),
          }),
          { maxLength: 40 },
        ),
        (rows) => {
          const txs = rows.map((r, i) =>
            tx({
              accountId: r.accountId,
              txType: r.txType,
              asset: r.asset,
              amount: r.amount,
              timestamp: r.hour * H,
              txId: `t${i}`,
              metadata: r.hash ? { chainTxId: r.hash } : {},
            }),
          );
          const got = externalFlows(txs, 48 * H).internalTransfers.map(
            (p) => `${p.out.split("/")[1]}>${p.in.split("/")[1]}`,
          );
          expect(got).toEqual(naivePairs(txs, 48 * H));
        },
      ),
      { numRuns: 500 },
    );
  });
});

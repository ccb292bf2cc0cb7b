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

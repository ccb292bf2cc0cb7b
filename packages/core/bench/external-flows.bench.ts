// `pnpm bench`: pairing the transfers between an owner's own accounts over 40,000 flows (the
// metrics route's first step; it took 25 s when each withdrawal scanned every row). Reports;
// asserts nothing.
import { it } from "vitest";
import { externalFlows, type FlowCandidate } from "../src/portfolio/external-flows.js";

it("times the pairing of 40,000 flows", () => {
  const H = 3_600_000;
  const txs: FlowCandidate[] = [];
  // 10,000 transfers between two accounts (a withdrawal and its deposit an hour later) and
  // 20,000 deposits and withdrawals from outside, over about four years
  for (let i = 0; i < 10_000; i++) {
    const t = i * 3 * H;
    const amount = String(100 + (i % 997));
    txs.push({
      accountId: "a",
      txId: `w${i}`,
      txType: "withdrawal",
      asset: "USDT",
      amount,
      timestamp: t,
      metadata: {},
    });
    txs.push({
      accountId: "b",
      txId: `d${i}`,
      txType: "deposit",
      asset: "USDT",
      amount,
      timestamp: t + H,
      metadata: {},
    });
  }
  for (let i = 0; i < 20_000; i++)
    txs.push({
      accountId: i % 2 ? "a" : "b",
      txId: `x${i}`,
      txType: i % 3 ? "deposit" : "withdrawal",
      asset: i % 5 ? "USDT" : "BTC",
      amount: String(1 + (i % 13)),
      timestamp: i * 1.5 * H + 7,
      metadata: {},
    });
  externalFlows(txs);
  const runs: number[] = [];
  let pairs = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    pairs = externalFlows(txs).internalTransfers.length;
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `externalFlows over ${txs.length} flows: median ${runs[2]?.toFixed(1)} ms (min ${runs[0]?.toFixed(1)}), ${pairs} internal transfers paired`,
  );
});

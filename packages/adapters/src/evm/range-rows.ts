import { balanceEffects, Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { formatUnits, type Hex } from "viem";
import { rowsOfTransaction } from "./build-rows.js";
import type { EvmContext } from "./context.js";
import type { HistoryState } from "./history-state.js";
import { byWallet } from "./opening.js";
import { findOwnTransactions } from "./own-transactions.js";
import { tokenReconciliation } from "./token-reconcile.js";
import { groupByTransaction } from "./tx-groups.js";
import type { WalletLogs } from "./wallet-logs.js";

/**
 * The rows of blocks [from, to]: every transaction that touched the wallets, and given block
 * `to` (`end`, already read for its hash), a row for the change of the native balance that none
 * of them explains (coin received from another account or from a contract, which no log shows).
 * Advances `state`.
 */
export async function rowsOfRange(
  ctx: EvmContext,
  logs: WalletLogs,
  from: bigint,
  to: bigint,
  state: HistoryState,
  end: { timestamp: bigint } | null,
): Promise<TransactionInput[]> {
  // the wallets pay gas only for what they sent: candidates are transactions moving their tokens
  // out or paying them a swap; the nonce finds the rest
  const wallets = ctx.wallets.map((w) => `0x000000000000000000000000${w.slice(2).toLowerCase()}`);
  const candidates = new Set<Hex>();
  for (const l of logs.transfers)
    if (wallets.includes((l.topics[1] ?? "").toLowerCase()))
      candidates.add(l.transactionHash as Hex);
  for (const l of [...logs.swaps, ...logs.wrapped]) candidates.add(l.transactionHash as Hex);
  // the traces list every transaction a wallet sent: the nonce search then reads no old state
  for (const hash of logs.traced?.sent?.keys() ?? []) candidates.add(hash as Hex);
  const start = Object.fromEntries(
    Object.entries(state.nonces ?? {}).map(([w, n]) => [w, Number(n)]),
  );
  const { own, nonces } = await findOwnTransactions(ctx, from, to, [...candidates], start);
  const groups = [...(await groupByTransaction(ctx, logs, own, logs.traced)).values()].sort(
    (a, b) => (a.block === b.block ? 0 : a.block < b.block ? -1 : 1),
  );
  // nodes that put blockTimestamp on logs (anvil, recent geth and reth) save a getBlock per block
  const times = new Map<bigint, number>();
  if (end) times.set(to, Number(end.timestamp) * 1000);
  for (const l of [...logs.transfers, ...logs.swaps, ...logs.wrapped]) {
    const ts = (l as { blockTimestamp?: bigint | null }).blockTimestamp;
    if (typeof ts === "bigint") times.set(l.blockNumber as bigint, Number(ts) * 1000);
  }
  const missing = [...new Set(groups.map((g) => g.block))].filter((b) => !times.has(b));
  for (const b of await Promise.all(missing.map((n) => ctx.client.getBlock({ blockNumber: n }))))
    times.set(b.number as bigint, Number(b.timestamp) * 1000);
  const iso = (b: bigint) => new Date(times.get(b) as number).toISOString();

  const rows: TransactionInput[] = [];
  for (const g of groups) rows.push(...(await rowsOfTransaction(ctx, g, state, iso(g.block))));
  state.nonces = Object.fromEntries(Object.entries(nonces).map(([w, n]) => [w, String(n)]));
  if (!end) return rows;

  // native coin moves no log shows: the balance change the rows above do not explain
  let explained = new Dec(0);
  for (const r of rows) explained = explained.add(balanceEffects(r).get(ctx.cfg.nativeSymbol) ?? 0);
  const before = Object.values(state.native ?? {}).reduce((a, b) => a + BigInt(b), 0n);
  const now = await byWallet(ctx, (address) => ctx.client.getBalance({ address, blockNumber: to }));
  const after = now.reduce((a, [, b]) => a + b, 0n);
  state.native = Object.fromEntries(now.map(([w, b]) => [w, b.toString()]));
  const diff = new Dec(formatUnits(after - before, 18)).sub(explained);
  if (!diff.isZero())
    rows.push({
      txId: `native:${ctx.cfg.chainId}:${to}:${from}`,
      txType: diff.isPos() ? "transfer_in" : "transfer_out",
      asset: ctx.cfg.nativeSymbol,
      amount: formatAmount(diff.abs()),
      price: null,
      quoteAsset: null,
      quoteAmount: null,
      fee: null,
      feeAsset: null,
      timestamp: iso(to),
      metadata: { kind: "native_reconciled", fromBlock: from.toString(), toBlock: to.toString() },
    });
  const fromTime = async () =>
    new Date(
      Number((await ctx.client.getBlock({ blockNumber: from - 1n })).timestamp) * 1000,
    ).toISOString();
  return tokenReconciliation(ctx, rows, state, { from, to, fromTime, toTime: iso(to) });
}

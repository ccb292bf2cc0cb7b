import { Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { formatUnits } from "viem";
import { ownedPositionIds } from "./balances.js";
import { type EvmContext, v3PositionAsset } from "./context.js";
import { type HistoryState, pushCheckpoint } from "./history-state.js";
import { tokenReconciliation } from "./token-reconcile.js";

// What the wallets held where their history starts: the state at a block, the opening rows of a
// history that starts after block 0, and the snapshot a node without old state starts from.

export const byWallet = <T>(ctx: EvmContext, f: (w: `0x${string}`) => Promise<T>) =>
  Promise.all(ctx.wallets.map(async (w) => [w.toLowerCase(), await f(w)] as const));

/** Native balances and nonces of the wallets at a block (zero before block 0). */
export async function walletStateAt(ctx: EvmContext, block: bigint) {
  if (block < 0n) {
    const zero = Object.fromEntries(ctx.wallets.map((w) => [w.toLowerCase(), 0n]));
    return {
      native: zero,
      nonces: Object.fromEntries(ctx.wallets.map((w) => [w.toLowerCase(), 0])),
    };
  }
  const [native, nonces] = await Promise.all([
    byWallet(ctx, (address) => ctx.client.getBalance({ address, blockNumber: block })),
    byWallet(ctx, (address) => ctx.client.getTransactionCount({ address, blockNumber: block })),
  ]);
  return { native: Object.fromEntries(native), nonces: Object.fromEntries(nonces) };
}

/**
 * The coin and the V3 positions the wallets held before history's first block, as
 * `opening_balance` (`deposit`) rows dated at that block, when history starts after block 0 (a
 * later `startBlock`). Tokens open in {@link tokenReconciliation}.
 */
export async function openingHoldings(
  ctx: EvmContext,
  native: Record<string, bigint>,
  block: bigint,
): Promise<TransactionInput[]> {
  const total = Object.values(native).reduce((a, b) => a + b, 0n);
  const [at, positions] = await Promise.all([
    ctx.client.getBlock({ blockNumber: block }),
    ownedPositionIds(ctx, block),
  ]);
  const timestamp = new Date(Number(at.timestamp) * 1000).toISOString();
  const opening = (asset: string, amount: string, token: string): TransactionInput => ({
    txId: `opening_balance:${ctx.cfg.chainId}:${token}:${block}`,
    txType: "deposit",
    asset,
    amount,
    price: null,
    quoteAsset: null,
    quoteAmount: null,
    fee: null,
    feeAsset: null,
    timestamp,
    metadata: { kind: "opening_balance", token, block: block.toString() },
  });
  return [
    ...(total === 0n
      ? []
      : [opening(ctx.cfg.nativeSymbol, formatAmount(new Dec(formatUnits(total, 18))), "native")]),
    // each V3 position held then is an asset of its own (see readBalances)
    ...positions.map((p) => opening(v3PositionAsset(p.tokenId), "1", v3PositionAsset(p.tokenId))),
  ];
}

/**
 * History from a snapshot at `block` (a node without old state): what the wallets held there,
 * coin, V3 positions and every token found, as `opening_balance` rows; history runs on from the
 * next block.
 */
export async function openSnapshot(
  ctx: EvmContext,
  state: HistoryState,
  block: bigint,
): Promise<TransactionInput[]> {
  const [opening, end] = await Promise.all([
    walletStateAt(ctx, block),
    ctx.client.getBlock({ blockNumber: block }),
  ]);
  state.native = Object.fromEntries(
    Object.entries(opening.native).map(([w, b]) => [w, b.toString()]),
  );
  state.nonces = Object.fromEntries(Object.entries(opening.nonces).map(([w, n]) => [w, String(n)]));
  const at = new Date(Number(end.timestamp) * 1000).toISOString();
  const rows = await openingHoldings(ctx, opening.native, block);
  // every token found opens at its balance there (nothing moved between "before" and "after")
  rows.push(
    ...(await tokenReconciliation(ctx, [], state, {
      from: block + 1n,
      to: block,
      fromTime: async () => at,
      toTime: at,
    })),
  );
  state.next = (block + 1n).toString();
  pushCheckpoint(state, block, end.hash as string);
  return rows;
}

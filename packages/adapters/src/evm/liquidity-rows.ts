import { Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { type Address, decodeEventLog, formatUnits, type Hex, type Log } from "viem";
import {
  npmEventsAbi,
  V2_BURN_TOPIC,
  V2_MINT_TOPIC,
  V3_COLLECT_TOPIC,
  V3_DECREASE_TOPIC,
  V3_INCREASE_TOPIC,
  v3PositionManagerAbi,
} from "./abis.js";
import { type EvmContext, multicallOf, tokenMetaOf, v3PositionAsset } from "./context.js";
import type { HistoryState } from "./history-state.js";
import { netByAsset, type TxGroup } from "./tx-groups.js";

export type LiquidityKind = "liquidity_add" | "liquidity_remove";

/** What a wallet's own transaction did to Uniswap liquidity, read from its receipt's logs. */
export function liquidityKind(ctx: EvmContext, g: TxGroup): LiquidityKind | null {
  const logs = g.own?.receipt.logs ?? [];
  const npm = ctx.cfg.uniswapV3PositionManager?.toLowerCase();
  const has = (topic: Hex, address?: string) =>
    logs.some((l) => l.topics[0] === topic && (!address || l.address.toLowerCase() === address));
  if (has(V2_MINT_TOPIC) || (npm && has(V3_INCREASE_TOPIC, npm))) return "liquidity_add";
  if (has(V2_BURN_TOPIC) || (npm && (has(V3_DECREASE_TOPIC, npm) || has(V3_COLLECT_TOPIC, npm))))
    return "liquidity_remove";
  return null;
}

interface NpmEvent {
  name: "IncreaseLiquidity" | "DecreaseLiquidity" | "Collect";
  tokenId: bigint;
  amount0: bigint;
  amount1: bigint;
}

function npmEvents(ctx: EvmContext, logs: readonly Log[]): NpmEvent[] {
  const npm = ctx.cfg.uniswapV3PositionManager?.toLowerCase();
  const out: NpmEvent[] = [];
  for (const l of logs) {
    if (l.address.toLowerCase() !== npm) continue;
    if (![V3_INCREASE_TOPIC, V3_DECREASE_TOPIC, V3_COLLECT_TOPIC].includes(l.topics[0] as Hex))
      continue;
    const e = decodeEventLog({ abi: npmEventsAbi, data: l.data, topics: l.topics as never });
    out.push({
      name: e.eventName,
      tokenId: e.args.tokenId,
      amount0: e.args.amount0,
      amount1: e.args.amount1,
    });
  }
  return out;
}

/** token0 and token1 of positions, read just before the block (a position may be burned in it). */
async function positionTokens(
  ctx: EvmContext,
  ids: bigint[],
  block: bigint,
): Promise<Map<bigint, [Address, Address]>> {
  const npm = ctx.cfg.uniswapV3PositionManager as Address;
  const read = (blockNumber: bigint) =>
    ctx.client.multicall({
      contracts: ids.map(
        (id) =>
          ({
            address: npm,
            abi: v3PositionManagerAbi,
            functionName: "positions",
            args: [id],
          }) as const,
      ),
      allowFailure: true,
      multicallAddress: multicallOf(ctx),
      blockNumber,
    });
  const out = new Map<bigint, [Address, Address]>();
  const take = (results: Awaited<ReturnType<typeof read>>) =>
    ids.forEach((id, i) => {
      const r = results[i];
      if (r?.status === "success" && !out.has(id)) out.set(id, [r.result[2], r.result[3]]);
    });
  take(await read(block - 1n));
  // a position minted in this very block exists only at it
  if (out.size < ids.length) take(await read(block));
  return out;
}

const none = { price: null, fee: null, feeAsset: null } as const;

/**
 * Rows of a liquidity add or remove: one `liquidity_*` row per token that went into (or came out
 * of) the pool, naming the pool share; the share's own movement is the quote leg of the first
 * row. Tokens collected from a V3 position beyond the principal taken out of it are the
 * position's earned fees: `reward` rows. Returns null when the transaction touched more than one
 * pool share, which the caller records leg by leg.
 */
export async function liquidityRows(
  ctx: EvmContext,
  g: TxGroup,
  kind: LiquidityKind,
  state: HistoryState,
  base: { timestamp: string; metadata: Record<string, string> },
): Promise<TransactionInput[] | null> {
  const logs = g.own?.receipt.logs ?? [];
  const events = npmEvents(ctx, logs);
  const pairs = new Set(
    logs
      .filter((l) => l.topics[0] === V2_MINT_TOPIC || l.topics[0] === V2_BURN_TOPIC)
      .map((l) => l.address.toLowerCase()),
  );
  const positions = [...new Set(events.map((e) => e.tokenId))];
  if (pairs.size + positions.length !== 1) return null;
  const net = netByAsset(g.legs);
  const pair = [...pairs][0];
  const tokenId = positions[0];
  const share =
    pair !== undefined ? tokenMetaOf(ctx, pair).symbol : v3PositionAsset(tokenId as bigint);
  const shareMoved = net.get(share)?.amount.abs() ?? new Dec(0);
  net.delete(share);
  const into = kind === "liquidity_add" ? -1 : 1;
  const tokens = [...net].filter(([, n]) => Dec.sign(n.amount) === into);
  const rest = [...net].filter(([, n]) => !n.amount.isZero() && Dec.sign(n.amount) !== into);
  if (rest.length > 0) return null;

  // V3 removals: principal first (DecreaseLiquidity now or earlier), the rest is earned fees
  const principal = new Map<string, Dec>();
  const earned = new Map<string, Dec>();
  if (kind === "liquidity_remove" && tokenId !== undefined) {
    const key = tokenId.toString();
    const owed = (state.owed[key] ?? ["0", "0"]).map(BigInt) as [bigint, bigint];
    for (const e of events.filter((x) => x.name === "DecreaseLiquidity")) {
      owed[0] += e.amount0;
      owed[1] += e.amount1;
    }
    const pt = (await positionTokens(ctx, [tokenId], g.block)).get(tokenId);
    for (const [asset, n] of tokens) {
      // coin paid out of a WETH position (collect, then unwrap) stands for the WETH side
      const native = n.token === "native";
      const token = native ? ctx.cfg.wrappedNative?.toLowerCase() : n.token;
      const side = pt?.findIndex((t) => t.toLowerCase() === token) ?? -1;
      if (side < 0) {
        principal.set(asset, n.amount);
        continue;
      }
      const decimals = native ? 18 : tokenMetaOf(ctx, n.token).decimals;
      const available = new Dec(formatUnits(owed[side] as bigint, decimals));
      const p = Dec.min(available, n.amount);
      principal.set(asset, p);
      if (n.amount.gt(p)) earned.set(asset, n.amount.sub(p));
      owed[side] = (owed[side] as bigint) - BigInt(p.mul(new Dec(10).pow(decimals)).toFixed(0));
    }
    if (owed[0] === 0n && owed[1] === 0n) delete state.owed[key];
    else state.owed[key] = [owed[0].toString(), owed[1].toString()];
  } else {
    for (const [asset, n] of tokens) principal.set(asset, n.amount.abs());
  }

  const rows: TransactionInput[] = [];
  let shareLeft = shareMoved;
  for (const [asset, amount] of principal) {
    if (amount.isZero()) continue;
    rows.push({
      txId: `${g.hash}:${kind}:${asset}`,
      txType: kind,
      asset,
      amount: formatAmount(amount),
      quoteAsset: share,
      quoteAmount: formatAmount(shareLeft),
      ...none,
      timestamp: base.timestamp,
      metadata: { ...base.metadata, kind, position: share },
    });
    shareLeft = new Dec(0);
  }
  for (const [asset, amount] of earned)
    rows.push({
      txId: `${g.hash}:lp_fees:${asset}`,
      txType: "reward",
      asset,
      amount: formatAmount(amount),
      quoteAsset: null,
      quoteAmount: null,
      ...none,
      timestamp: base.timestamp,
      metadata: { ...base.metadata, kind: "lp_fees", position: share },
    });
  if (!shareLeft.isZero()) {
    // the share moved with no token beside it (e.g. minted to us for tokens sent earlier)
    rows.push({
      txId: `${g.hash}:${kind}:${share}`,
      txType: kind === "liquidity_add" ? "transfer_in" : "transfer_out",
      asset: share,
      amount: formatAmount(shareLeft),
      quoteAsset: null,
      quoteAmount: null,
      ...none,
      timestamp: base.timestamp,
      metadata: { ...base.metadata, kind, position: share },
    });
  }
  return rows;
}

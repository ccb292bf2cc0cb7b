import { Dec, formatAmount } from "@portfolio/core";
import { type Address, encodeFunctionData, formatUnits, getAddress } from "viem";
import type { PlatformBalance } from "../adapter.js";
import { erc20Abi, multicall3Abi, v3PositionManagerAbi } from "./abis.js";
import { cappedCalls } from "./capped-calls.js";
import {
  type EvmContext,
  ensureTokenMeta,
  flagToken,
  multicallOf,
  tokenMetaOf,
  v3PositionAsset,
} from "./context.js";
import { decodeUint } from "./token-metadata.js";

const positionCount = (npm: Address, owner: Address) =>
  ({ address: npm, abi: v3PositionManagerAbi, functionName: "balanceOf", args: [owner] }) as const;

/** The V3 position NFTs each wallet owns (at `blockNumber`, else now), in two multicalls. */
export async function ownedPositionIds(
  ctx: EvmContext,
  blockNumber?: bigint,
): Promise<{ owner: Address; tokenId: bigint }[]> {
  const npm = ctx.cfg.uniswapV3PositionManager as Address | undefined;
  if (!npm) return [];
  const counts = await ctx.client.multicall({
    contracts: ctx.wallets.map((w) => positionCount(npm, w)),
    allowFailure: false,
    multicallAddress: multicallOf(ctx),
    ...(blockNumber !== undefined ? { blockNumber } : {}),
  });
  return idsOf(ctx, npm, counts, blockNumber);
}

async function idsOf(
  ctx: EvmContext,
  npm: Address,
  counts: readonly bigint[],
  blockNumber?: bigint,
): Promise<{ owner: Address; tokenId: bigint }[]> {
  const slots = ctx.wallets.flatMap((owner, i) =>
    Array.from({ length: Number(counts[i] ?? 0n) }, (_, k) => ({ owner, index: BigInt(k) })),
  );
  if (slots.length === 0) return [];
  const ids = await ctx.client.multicall({
    contracts: slots.map(
      (s) =>
        ({
          address: npm,
          abi: v3PositionManagerAbi,
          functionName: "tokenOfOwnerByIndex",
          args: [s.owner, s.index],
        }) as const,
    ),
    allowFailure: false,
    multicallAddress: multicallOf(ctx),
    ...(blockNumber !== undefined ? { blockNumber } : {}),
  });
  return slots.map((s, i) => ({ owner: s.owner, tokenId: ids[i] as bigint }));
}

/**
 * Native coin, every configured or seen ERC-20 that is not ignored, and the V3 position count of
 * every wallet, all at one block, in capped calls (each with its own gas cap: one token whose
 * balanceOf burns gas or reverts cannot take the others down); the position ids in a second read
 * when there are any. A call the node refuses fails the whole read: a balance is never quietly
 * missing.
 */
export async function readBalances(ctx: EvmContext): Promise<PlatformBalance[]> {
  const seen = [...ctx.seen].map((t) => getAddress(t));
  await ensureTokenMeta(ctx, seen);
  const tokens = seen.filter((t) => tokenMetaOf(ctx, t).ignored === null);
  const mc = multicallOf(ctx);
  const npm = ctx.cfg.uniswapV3PositionManager as Address | undefined;
  const blockNumber = await ctx.client.getBlockNumber();
  const native = ctx.wallets.map((w) => ({
    target: mc,
    data: encodeFunctionData({ abi: multicall3Abi, functionName: "getEthBalance", args: [w] }),
  }));
  const erc20 = ctx.wallets.flatMap((w) =>
    tokens.map((t) => ({
      target: t,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "balanceOf", args: [w] }),
    })),
  );
  const nfts = npm
    ? ctx.wallets.map((w) => ({
        target: npm,
        data: encodeFunctionData({
          abi: v3PositionManagerAbi,
          functionName: "balanceOf",
          args: [w],
        }),
      }))
    : [];
  const results = await cappedCalls(ctx.client, [...native, ...erc20, ...nfts], blockNumber);
  const value = (i: number, what: string): bigint => {
    const v = decodeUint(results[i]);
    if (v === null) throw new Error(`${what} could not be read (${results[i]?.status})`);
    return v;
  };
  const totals = new Map<string, bigint>();
  const add = (asset: string, v: bigint) => totals.set(asset, (totals.get(asset) ?? 0n) + v);
  for (const [i, w] of ctx.wallets.entries()) add("native", value(i, `native balance of ${w}`));
  erc20.forEach((call, j) => {
    const r = results[native.length + j];
    const key = call.target.toLowerCase();
    if (r?.status === "no_code") return; // a destroyed token holds nothing
    const v = decodeUint(r);
    if (v === null) {
      // it answered when first read and no longer does: ignored from now on, with why
      flagToken(ctx, key, "balanceOf() stopped answering");
      totals.delete(key);
      return;
    }
    if (tokenMetaOf(ctx, key).ignored === null) add(key, v);
  });
  const out: PlatformBalance[] = [];
  for (const [key, raw] of totals) {
    if (raw === 0n) continue;
    const m =
      key === "native" ? { symbol: ctx.cfg.nativeSymbol, decimals: 18 } : tokenMetaOf(ctx, key);
    out.push({
      asset: m.symbol,
      free: formatAmount(new Dec(formatUnits(raw, m.decimals))),
      locked: "0",
    });
  }
  if (npm) {
    const counts = nfts.map((_, k) => value(native.length + erc20.length + k, "V3 position count"));
    // each V3 position NFT is an asset of its own, valued from its token amounts and fees
    for (const p of await idsOf(ctx, npm, counts))
      out.push({ asset: v3PositionAsset(p.tokenId), free: "1", locked: "0" });
  }
  return out;
}

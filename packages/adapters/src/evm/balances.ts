import { Dec, formatAmount } from "@portfolio/core";
import { type Address, formatUnits, getAddress } from "viem";
import type { PlatformBalance } from "../adapter.js";
import { erc20Abi, multicall3Abi, v3PositionManagerAbi } from "./abis.js";
import {
  type EvmContext,
  ensureTokenMeta,
  multicallOf,
  tokenMetaOf,
  v3PositionAsset,
} from "./context.js";

const positionCount = (npm: Address, owner: Address) =>
  ({ address: npm, abi: v3PositionManagerAbi, functionName: "balanceOf", args: [owner] }) as const;

/** The V3 position NFTs each wallet owns, in two multicalls (counts, then ids). */
export async function ownedPositionIds(
  ctx: EvmContext,
): Promise<{ owner: Address; tokenId: bigint }[]> {
  const npm = ctx.cfg.uniswapV3PositionManager as Address | undefined;
  if (!npm) return [];
  const counts = await ctx.client.multicall({
    contracts: ctx.wallets.map((w) => positionCount(npm, w)),
    allowFailure: false,
    multicallAddress: multicallOf(ctx),
  });
  return idsOf(ctx, npm, counts);
}

async function idsOf(
  ctx: EvmContext,
  npm: Address,
  counts: readonly bigint[],
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
  });
  return slots.map((s, i) => ({ owner: s.owner, tokenId: ids[i] as bigint }));
}

/**
 * Native coin, every configured or seen ERC-20, and the V3 position count of every wallet in one
 * multicall (one block, one request); the position ids in a second one when there are any.
 */
export async function readBalances(ctx: EvmContext): Promise<PlatformBalance[]> {
  const tokens = [...ctx.seen].map((t) => getAddress(t));
  await ensureTokenMeta(ctx, tokens);
  const mc = multicallOf(ctx);
  const npm = ctx.cfg.uniswapV3PositionManager as Address | undefined;
  const native = ctx.wallets.map(
    (w) => ({ address: mc, abi: multicall3Abi, functionName: "getEthBalance", args: [w] }) as const,
  );
  const erc20 = ctx.wallets.flatMap((w) =>
    tokens.map(
      (t) => ({ address: t, abi: erc20Abi, functionName: "balanceOf", args: [w] }) as const,
    ),
  );
  const nfts = npm ? ctx.wallets.map((w) => positionCount(npm, w)) : [];
  const results = await ctx.client.multicall({
    contracts: [...native, ...erc20, ...nfts],
    allowFailure: true,
    multicallAddress: mc,
  });
  const value = (i: number, what: string): bigint => {
    const r = results[i];
    if (r?.status !== "success") throw new Error(`${what} could not be read: ${r?.error?.message}`);
    return r.result as bigint;
  };
  const totals = new Map<string, bigint>();
  const add = (asset: string, v: bigint) => totals.set(asset, (totals.get(asset) ?? 0n) + v);
  for (const [i, w] of ctx.wallets.entries()) add("native", value(i, `native balance of ${w}`));
  erc20.forEach((call, j) => {
    const r = results[native.length + j];
    // a token that no longer answers balanceOf (self-destructed, paused proxy) holds nothing readable
    if (r?.status === "success") add(call.address.toLowerCase(), r.result as bigint);
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

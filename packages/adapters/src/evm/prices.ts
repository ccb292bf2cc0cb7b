import { Dec, formatAmount } from "@portfolio/core";
import { type Address, formatUnits, getAddress } from "viem";
import { v2PairAbi, v3PoolAbi } from "./abis.js";
import {
  type EvmContext,
  ensureTokenMeta,
  multicallOf,
  tokenMetaOf,
  v3PositionAsset,
} from "./context.js";
import type { LiquidityPosition } from "./positions.js";

const sig = (d: Dec) => formatAmount(d.toSignificantDigits(20));

/** Each configured pool's price of token0 in token1 (decimals applied): V3 from slot0, V2 from reserves. */
async function poolPrices(
  ctx: EvmContext,
): Promise<{ token0: Address; token1: Address; price01: Dec }[]> {
  const pools = ctx.cfg.pricePools.map((p) => ({ ...p, address: getAddress(p.address) }));
  if (pools.length === 0) return [];
  const reads = await ctx.client.multicall({
    contracts: pools.flatMap((p) => [
      { address: p.address, abi: v2PairAbi, functionName: "token0" } as const,
      { address: p.address, abi: v2PairAbi, functionName: "token1" } as const,
      p.version === "v3"
        ? ({ address: p.address, abi: v3PoolAbi, functionName: "slot0" } as const)
        : ({ address: p.address, abi: v2PairAbi, functionName: "getReserves" } as const),
    ]),
    allowFailure: false,
    multicallAddress: multicallOf(ctx),
  });
  const tokens = reads.filter((_, i) => i % 3 !== 2) as Address[];
  await ensureTokenMeta(ctx, tokens);
  return pools.map((p, i) => {
    const token0 = reads[i * 3] as Address;
    const token1 = reads[i * 3 + 1] as Address;
    const m0 = tokenMetaOf(ctx, token0);
    const m1 = tokenMetaOf(ctx, token1);
    const state = reads[i * 3 + 2] as readonly [bigint, bigint | number, ...unknown[]];
    const price01 =
      p.version === "v3"
        ? new Dec(state[0].toString())
            .pow(2)
            .div(new Dec(2).pow(192))
            .mul(new Dec(10).pow(m0.decimals - m1.decimals))
        : new Dec(formatUnits(state[1] as bigint, m1.decimals)).div(
            formatUnits(state[0], m0.decimals),
          );
    return { token0, token1, price01 };
  });
}

/**
 * Prices from pool state against the configured quote token, so a wallet can be valued without
 * any off-chain price source; LP tokens and V3 positions are priced through their tokens (and
 * uncollected fees).
 */
export async function readPrices(
  ctx: EvmContext,
  positions: () => Promise<LiquidityPosition[]>,
): Promise<{ quoteSymbol: string | null; prices: Record<string, string> }> {
  const prices: Record<string, string> = {};
  const quote = ctx.cfg.quoteToken ? getAddress(ctx.cfg.quoteToken) : null;
  if (!quote) return { quoteSymbol: null, prices };
  await ensureTokenMeta(ctx, [quote]);
  const q = tokenMetaOf(ctx, quote);
  const isQuote = (t: Address) => t.toLowerCase() === quote.toLowerCase();
  for (const { token0, token1, price01 } of await poolPrices(ctx)) {
    const [s0, s1] = [tokenMetaOf(ctx, token0).symbol, tokenMetaOf(ctx, token1).symbol];
    if (isQuote(token1) && !(s0 in prices)) prices[s0] = sig(price01);
    if (isQuote(token0) && !(s1 in prices)) prices[s1] = sig(new Dec(1).div(price01));
  }
  prices[q.symbol] = "1";
  const held = await positions();
  await ensureTokenMeta(
    ctx,
    held.flatMap((p) => [p.token0, p.token1]),
  );
  for (const pos of held) {
    const [a, b] = [tokenMetaOf(ctx, pos.token0), tokenMetaOf(ctx, pos.token1)];
    const [pa, pb] = [prices[a.symbol], prices[b.symbol]];
    if (!pa || !pb) continue;
    const value = new Dec(formatUnits(pos.amount0 + pos.fees0, a.decimals))
      .mul(pa)
      .add(new Dec(formatUnits(pos.amount1 + pos.fees1, b.decimals)).mul(pb));
    if (pos.kind === "uniswap-v3" && pos.tokenId) {
      prices[v3PositionAsset(BigInt(pos.tokenId))] = sig(value);
    } else {
      const lp = ctx.meta.get(pos.contract.toLowerCase());
      if (lp && pos.liquidity > 0n)
        prices[lp.symbol] = sig(value.div(formatUnits(pos.liquidity, lp.decimals)));
    }
  }
  return { quoteSymbol: q.symbol, prices };
}

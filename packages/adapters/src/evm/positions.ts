import { type Address, getAddress } from "viem";
import { erc20Abi, v2PairAbi, v3FactoryAbi, v3PoolAbi, v3PositionManagerAbi } from "./abis.js";
import { ownedPositionIds } from "./balances.js";
import { type EvmContext, multicallOf } from "./context.js";
import { positionAmounts, uncollectedFees, v2Underlying } from "./uniswap-math.js";

export interface LiquidityPosition {
  kind: "uniswap-v2" | "uniswap-v3";
  owner: Address;
  /** the pair (V2) or position manager (V3) */
  contract: Address;
  tokenId?: string;
  token0: Address;
  token1: Address;
  /** raw integer amounts (token decimals apply) */
  amount0: bigint;
  amount1: bigint;
  fees0: bigint;
  fees1: bigint;
  liquidity: bigint;
}

/** V2 LP tokens held: any seen token that answers like a pair, turned into its reserves' share. */
async function v2Positions(ctx: EvmContext): Promise<LiquidityPosition[]> {
  const tokens = [...ctx.seen].map((t) => getAddress(t));
  if (tokens.length === 0) return [];
  const probe = await ctx.client.multicall({
    contracts: tokens.flatMap((t) => [
      { address: t, abi: v2PairAbi, functionName: "token0" } as const,
      { address: t, abi: v2PairAbi, functionName: "token1" } as const,
      { address: t, abi: v2PairAbi, functionName: "getReserves" } as const,
      { address: t, abi: v2PairAbi, functionName: "totalSupply" } as const,
      ...ctx.wallets.map(
        (w) => ({ address: t, abi: erc20Abi, functionName: "balanceOf", args: [w] }) as const,
      ),
    ]),
    allowFailure: true,
    multicallAddress: multicallOf(ctx),
  });
  const stride = 4 + ctx.wallets.length;
  const out: LiquidityPosition[] = [];
  for (const [i, pair] of tokens.entries()) {
    const [t0, t1, reserves, supply, ...held] = probe.slice(i * stride, (i + 1) * stride);
    if (
      t0?.status !== "success" ||
      t1?.status !== "success" ||
      reserves?.status !== "success" ||
      supply?.status !== "success"
    )
      continue;
    for (const [k, owner] of ctx.wallets.entries()) {
      const lp = held[k]?.status === "success" ? (held[k]?.result as bigint) : 0n;
      if (lp === 0n) continue;
      const [r0, r1] = reserves.result as readonly [bigint, bigint, number];
      out.push({
        kind: "uniswap-v2",
        owner,
        contract: pair,
        token0: t0.result as Address,
        token1: t1.result as Address,
        ...v2Underlying(lp, supply.result as bigint, r0, r1),
        fees0: 0n,
        fees1: 0n,
        liquidity: lp,
      });
    }
  }
  return out;
}

/** V3 position NFTs: amounts at the pool's price and uncollected fees, in five multicalls in all. */
async function v3Positions(ctx: EvmContext): Promise<LiquidityPosition[]> {
  const npm = ctx.cfg.uniswapV3PositionManager as Address | undefined;
  const factory = ctx.cfg.uniswapV3Factory as Address | undefined;
  if (!npm || !factory) return [];
  const owned = await ownedPositionIds(ctx);
  if (owned.length === 0) return [];
  const mc = multicallOf(ctx);
  const positions = await ctx.client.multicall({
    contracts: owned.map(
      (o) =>
        ({
          address: npm,
          abi: v3PositionManagerAbi,
          functionName: "positions",
          args: [o.tokenId],
        }) as const,
    ),
    allowFailure: false,
    multicallAddress: mc,
  });
  const pools = await ctx.client.multicall({
    contracts: positions.map(
      (p) =>
        ({
          address: factory,
          abi: v3FactoryAbi,
          functionName: "getPool",
          args: [p[2], p[3], p[4]],
        }) as const,
    ),
    allowFailure: false,
    multicallAddress: mc,
  });
  const state = await ctx.client.multicall({
    contracts: positions.flatMap((p, i) => {
      const pool = pools[i] as Address;
      return [
        { address: pool, abi: v3PoolAbi, functionName: "slot0" } as const,
        { address: pool, abi: v3PoolAbi, functionName: "feeGrowthGlobal0X128" } as const,
        { address: pool, abi: v3PoolAbi, functionName: "feeGrowthGlobal1X128" } as const,
        { address: pool, abi: v3PoolAbi, functionName: "ticks", args: [p[5]] } as const,
        { address: pool, abi: v3PoolAbi, functionName: "ticks", args: [p[6]] } as const,
      ];
    }),
    allowFailure: false,
    multicallAddress: mc,
  });
  return owned.map(({ owner, tokenId }, i) => {
    const [, , token0, token1, , tickLower, tickUpper, liquidity, in0, in1, owed0, owed1] =
      positions[i] as (typeof positions)[number];
    const [slot0, g0, g1, lower, upper] = state.slice(i * 5, i * 5 + 5) as [
      readonly [bigint, number, ...unknown[]],
      bigint,
      bigint,
      readonly [bigint, bigint, bigint, bigint, ...unknown[]],
      readonly [bigint, bigint, bigint, bigint, ...unknown[]],
    ];
    return {
      kind: "uniswap-v3",
      owner,
      contract: npm,
      tokenId: tokenId.toString(),
      token0,
      token1,
      ...positionAmounts(slot0[0], tickLower, tickUpper, liquidity),
      ...uncollectedFees({
        tickCurrent: slot0[1],
        tickLower,
        tickUpper,
        liquidity,
        feeGrowthGlobal0X128: g0,
        feeGrowthGlobal1X128: g1,
        lowerOutside0X128: lower[2],
        lowerOutside1X128: lower[3],
        upperOutside0X128: upper[2],
        upperOutside1X128: upper[3],
        feeGrowthInside0LastX128: in0,
        feeGrowthInside1LastX128: in1,
        tokensOwed0: owed0,
        tokensOwed1: owed1,
      }),
      liquidity,
    };
  });
}

/** Uniswap V2 LP tokens held and V3 position NFTs, as underlying token amounts. */
export async function readPositions(ctx: EvmContext): Promise<LiquidityPosition[]> {
  const [v2, v3] = await Promise.all([v2Positions(ctx), v3Positions(ctx)]);
  return [...v2, ...v3];
}

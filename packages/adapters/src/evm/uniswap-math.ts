/**
 * Uniswap V3 position math in bigint, ported from v3-core's TickMath and v3-periphery's
 * LiquidityAmounts: token amounts of a position at the pool's current price, rounded down as
 * the contracts do when they pay out, and uncollected fees from the fee-growth accumulators.
 */
const Q96 = 2n ** 96n;
const Q128 = 2n ** 128n;
const MAX_UINT256 = 2n ** 256n - 1n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;

/** sqrt(1.0001^tick) × 2^96, exactly as TickMath.getSqrtRatioAtTick computes it. */
export function sqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK)
    throw new RangeError(`tick out of range: ${tick}`);
  const abs = BigInt(Math.abs(tick));
  let ratio =
    (abs & 0x1n) !== 0n
      ? 0xfffcb933bd6fad37aa2d162d1a594001n
      : 0x100000000000000000000000000000000n;
  const steps: [bigint, bigint][] = [
    [0x2n, 0xfff97272373d413259a46990580e213an],
    [0x4n, 0xfff2e50f5f656932ef12357cf3c7fdccn],
    [0x8n, 0xffe5caca7e10e4e61c3624eaa0941cd0n],
    [0x10n, 0xffcb9843d60f6159c9db58835c926644n],
    [0x20n, 0xff973b41fa98c081472e6896dfb254c0n],
    [0x40n, 0xff2ea16466c96a3843ec78b326b52861n],
    [0x80n, 0xfe5dee046a99a2a811c461f1969c3053n],
    [0x100n, 0xfcbe86c7900a88aedcffc83b479aa3a4n],
    [0x200n, 0xf987a7253ac413176f2b074cf7815e54n],
    [0x400n, 0xf3392b0822b70005940c7a398e4b70f3n],
    [0x800n, 0xe7159475a2c29b7443b29c7fa6e889d9n],
    [0x1000n, 0xd097f3bdfd2022b8845ad8f792aa5825n],
    [0x2000n, 0xa9f746462d870fdf8a65dc1f90e061e5n],
    [0x4000n, 0x70d869a156d2a1b890bb3df62baf32f7n],
    [0x8000n, 0x31be135f97d08fd981231505542fcfa6n],
    [0x10000n, 0x9aa508b5b7a84e1c677de54f3e99bc9n],
    [0x20000n, 0x5d6af8dedb81196699c329225ee604n],
    [0x40000n, 0x2216e584f5fa1ea926041bedfe98n],
    [0x80000n, 0x48a170391f7dc42444e8fa2n],
  ];
  for (const [bit, mul] of steps) if ((abs & bit) !== 0n) ratio = (ratio * mul) >> 128n;
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
}

/** LiquidityAmounts.getAmount0ForLiquidity / getAmount1ForLiquidity (rounding down). */
function amount0(sqrtA: bigint, sqrtB: bigint, liquidity: bigint): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  return ((liquidity << 96n) * (hi - lo)) / hi / lo;
}
function amount1(sqrtA: bigint, sqrtB: bigint, liquidity: bigint): bigint {
  const [lo, hi] = sqrtA < sqrtB ? [sqrtA, sqrtB] : [sqrtB, sqrtA];
  return (liquidity * (hi - lo)) / Q96;
}

/** The token amounts a position of `liquidity` between two ticks holds at the pool's current price. */
export function positionAmounts(
  sqrtPriceX96: bigint,
  tickLower: number,
  tickUpper: number,
  liquidity: bigint,
): { amount0: bigint; amount1: bigint } {
  const a = sqrtRatioAtTick(tickLower);
  const b = sqrtRatioAtTick(tickUpper);
  if (sqrtPriceX96 <= a) return { amount0: amount0(a, b, liquidity), amount1: 0n };
  if (sqrtPriceX96 < b)
    return {
      amount0: amount0(sqrtPriceX96, b, liquidity),
      amount1: amount1(a, sqrtPriceX96, liquidity),
    };
  return { amount0: 0n, amount1: amount1(a, b, liquidity) };
}

const sub256 = (a: bigint, b: bigint) => (a - b + 2n ** 256n) % 2n ** 256n;

export interface FeeInputs {
  tickCurrent: number;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  feeGrowthGlobal0X128: bigint;
  feeGrowthGlobal1X128: bigint;
  lowerOutside0X128: bigint;
  lowerOutside1X128: bigint;
  upperOutside0X128: bigint;
  upperOutside1X128: bigint;
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
  tokensOwed0: bigint;
  tokensOwed1: bigint;
}

/** Uncollected fees: tokensOwed plus liquidity × (feeGrowthInside now − at last update) / 2^128, mod 2^256 as in the pool. */
export function uncollectedFees(f: FeeInputs): { fees0: bigint; fees1: bigint } {
  const inside = (global: bigint, lowerOut: bigint, upperOut: bigint) => {
    const below = f.tickCurrent >= f.tickLower ? lowerOut : sub256(global, lowerOut);
    const above = f.tickCurrent < f.tickUpper ? upperOut : sub256(global, upperOut);
    return sub256(sub256(global, below), above);
  };
  const in0 = inside(f.feeGrowthGlobal0X128, f.lowerOutside0X128, f.upperOutside0X128);
  const in1 = inside(f.feeGrowthGlobal1X128, f.lowerOutside1X128, f.upperOutside1X128);
  return {
    fees0: f.tokensOwed0 + (f.liquidity * sub256(in0, f.feeGrowthInside0LastX128)) / Q128,
    fees1: f.tokensOwed1 + (f.liquidity * sub256(in1, f.feeGrowthInside1LastX128)) / Q128,
  };
}

/** A V2 LP holding's share of the pair's reserves (rounded down, as burn pays). */
export function v2Underlying(
  lpBalance: bigint,
  totalSupply: bigint,
  reserve0: bigint,
  reserve1: bigint,
): { amount0: bigint; amount1: bigint } {
  if (totalSupply === 0n) return { amount0: 0n, amount1: 0n };
  return {
    amount0: (lpBalance * reserve0) / totalSupply,
    amount1: (lpBalance * reserve1) / totalSupply,
  };
}

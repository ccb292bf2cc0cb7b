import { candlesFromTicks, Dec, type Tick } from "@portfolio/core";
import {
  type Address,
  decodeEventLog,
  formatLog,
  formatUnits,
  getAddress,
  type Hex,
  numberToHex,
  parseAbi,
  type RpcLog,
  toEventSelector,
} from "viem";
import type { CandleCursor, SourceCandles } from "../adapter.js";
import { v2PairAbi } from "./abis.js";
import { type EvmContext, ensureTokenMeta, multicallOf, tokenMetaOf } from "./context.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** hourly candles for the last 90 days, daily ones for all time (as the price service keeps) */
const HOURLY_FOR_MS = 90 * DAY;

/** The events that set a pool's price: V2's Sync (reserves), V3's Initialize and Swap (sqrtPriceX96). */
const priceEventsAbi = parseAbi([
  "event Sync(uint112 reserve0, uint112 reserve1)",
  "event Initialize(uint160 sqrtPriceX96, int24 tick)",
  "event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)",
]);
const PRICE_TOPICS = priceEventsAbi.map((e) => toEventSelector(e));

/** token0 in token1, decimals applied: V2 from the reserves, V3 from sqrtPriceX96. */
function priceOf(args: Record<string, unknown>, d0: number, d1: number): Dec | null {
  if (typeof args.reserve0 === "bigint" && typeof args.reserve1 === "bigint") {
    if (args.reserve0 === 0n) return null;
    return new Dec(formatUnits(args.reserve1, d1)).div(formatUnits(args.reserve0, d0));
  }
  if (typeof args.sqrtPriceX96 === "bigint" && args.sqrtPriceX96 > 0n)
    return new Dec(args.sqrtPriceX96.toString())
      .pow(2)
      .div(new Dec(2).pow(192))
      .mul(new Dec(10).pow(d0 - d1));
  return null;
}

/**
 * The configured price pools' candles from their own events, from where the last read stopped
 * to the last final block: every Sync (V2) or Initialize and Swap (V3) is a price at its block's
 * time, and the price holds until the next one, so quiet hours are flat candles, never gaps.
 * Daily candles for all the blocks read, hourly ones for the last 90 days; only candles closed
 * by the last final block's time. The chain's own past, so a rebuilt history values a token at
 * what its pool said then. (A candle spanning two reads opens at the price carried in.)
 */
export async function readPoolCandles(
  ctx: EvmContext,
  cursors: Record<string, CandleCursor>,
): Promise<{ pools: SourceCandles[]; cursors: Record<string, CandleCursor> }> {
  const next = { ...cursors };
  const pools: SourceCandles[] = [];
  if (ctx.cfg.pricePools.length === 0) return { pools, cursors: next };
  const final = (await ctx.client.getBlockNumber()) - BigInt(ctx.cfg.confirmations);
  if (final < 0n) return { pools, cursors: next };
  // nothing new since the last read: no more calls
  const behind = ctx.cfg.pricePools.some((p) => {
    const cur = cursors[p.address.toLowerCase()];
    return !cur || BigInt(cur.block) < final;
  });
  if (!behind) return { pools, cursors: next };
  const until = Number((await ctx.client.getBlock({ blockNumber: final })).timestamp) * 1000;
  const addresses = ctx.cfg.pricePools.map((p) => getAddress(p.address));
  const tokens = (await ctx.client.multicall({
    contracts: addresses.flatMap((address) => [
      { address, abi: v2PairAbi, functionName: "token0" } as const,
      { address, abi: v2PairAbi, functionName: "token1" } as const,
    ]),
    allowFailure: false,
    multicallAddress: multicallOf(ctx),
  })) as Address[];
  await ensureTokenMeta(ctx, tokens);
  for (const [k, p] of ctx.cfg.pricePools.entries()) {
    const address = addresses[k] as Address;
    const key = address.toLowerCase();
    const cur = cursors[key];
    const from = cur ? BigInt(cur.block) + 1n : BigInt(ctx.cfg.startBlock);
    if (from > final) continue;
    const m0 = tokenMetaOf(ctx, tokens[2 * k] as Address);
    const m1 = tokenMetaOf(ctx, tokens[2 * k + 1] as Address);
    const ticks: Tick[] = [];
    const times = new Map<bigint, number>();
    for (let lo = from; lo <= final; lo += BigInt(ctx.cfg.maxLogRange)) {
      const hi =
        lo + BigInt(ctx.cfg.maxLogRange) - 1n < final
          ? lo + BigInt(ctx.cfg.maxLogRange) - 1n
          : final;
      const raw = (await ctx.client.request({
        method: "eth_getLogs",
        params: [
          {
            address,
            fromBlock: numberToHex(lo),
            toBlock: numberToHex(hi),
            topics: [PRICE_TOPICS],
          } as never,
        ],
      })) as RpcLog[];
      for (const l of raw.map((r) => formatLog(r))) {
        const block = l.blockNumber as bigint;
        const stamped = (l as { blockTimestamp?: bigint | null }).blockTimestamp;
        if (typeof stamped === "bigint") times.set(block, Number(stamped) * 1000);
        if (!times.has(block))
          times.set(
            block,
            Number((await ctx.client.getBlock({ blockNumber: block })).timestamp) * 1000,
          );
        const event = decodeEventLog({
          abi: priceEventsAbi,
          data: l.data as Hex,
          topics: l.topics as [Hex, ...Hex[]],
        });
        const price = priceOf(event.args as Record<string, unknown>, m0.decimals, m1.decimals);
        if (price) ticks.push({ at: times.get(block) as number, price });
      }
    }
    const carried =
      cur?.price && cur.at !== null ? { before: new Dec(cur.price), from: cur.at + 1 } : null;
    const daily = candlesFromTicks(ticks, "1d", DAY, until, carried);
    // hourly from 90 days back (or where the pool starts), the price then carried in
    const hourlyFrom = Math.max(until - HOURLY_FOR_MS, carried?.from ?? 0);
    const before = ticks.filter((t) => t.at < hourlyFrom).at(-1)?.price ?? carried?.before ?? null;
    const recent = ticks.filter((t) => t.at >= hourlyFrom);
    const hourly = candlesFromTicks(
      recent,
      "1h",
      HOUR,
      until,
      before ? { before, from: hourlyFrom } : null,
    );
    const last = ticks.at(-1)?.price ?? carried?.before ?? null;
    pools.push({
      source: `uniswap-${p.version}:${address}`,
      base: m0.symbol,
      quote: m1.symbol,
      candles: [...daily, ...hourly],
    });
    next[key] = {
      block: final.toString(),
      price: last?.toFixed() ?? null,
      at: last ? until : null,
    };
  }
  return { pools, cursors: next };
}

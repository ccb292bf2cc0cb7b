import { formatLog, type Hex, type Log, numberToHex, type RpcLog } from "viem";
import {
  TRANSFER_TOPIC,
  V2_SWAP_TOPIC,
  V3_SWAP_TOPIC,
  WETH_DEPOSIT_TOPIC,
  WETH_WITHDRAWAL_TOPIC,
} from "./abis.js";
import type { EvmContext } from "./context.js";
import { type TracedMoves, tracedNativeMoves, transferApiMoves } from "./traces.js";

export interface WalletLogs {
  /** ERC-20 and position-NFT Transfer logs to or from a wallet */
  transfers: Log[];
  /** Uniswap V2 and V3 Swap logs paying a wallet */
  swaps: Log[];
  /** WETH9 Deposit and Withdrawal logs of a wallet (value moved without a Transfer) */
  wrapped: Log[];
  /** the coin moves of the wallets the node's traces show, by transaction; null: no traces */
  traced: TracedMoves | null;
}

/**
 * Every log that concerns the wallets in [from, to], three or four eth_getLogs in one batch, and
 * the coin moves the node's traces show in the same blocks.
 */
export async function walletLogs(ctx: EvmContext, from: bigint, to: bigint): Promise<WalletLogs> {
  const walletTopics = ctx.wallets.map(
    (w) => `0x000000000000000000000000${w.slice(2).toLowerCase()}` as Hex,
  );
  const range = { fromBlock: numberToHex(from), toBlock: numberToHex(to) };
  // a raw request: viem's getLogs cannot ask for a list of topics in one position
  const get = async (filter: Record<string, unknown>): Promise<Log[]> => {
    const raw = (await ctx.client.request({
      method: "eth_getLogs",
      params: [{ ...range, ...filter } as never],
    })) as RpcLog[];
    return raw.map((l) => formatLog(l));
  };
  const weth = ctx.cfg.wrappedNative;
  const [incoming, outgoing, swaps, wrapped, traced] = await Promise.all([
    get({ topics: [TRANSFER_TOPIC, null, walletTopics] }),
    get({ topics: [TRANSFER_TOPIC, walletTopics] }),
    get({ topics: [[V2_SWAP_TOPIC, V3_SWAP_TOPIC], null, walletTopics] }),
    weth
      ? get({ address: weth, topics: [[WETH_DEPOSIT_TOPIC, WETH_WITHDRAWAL_TOPIC], walletTopics] })
      : Promise.resolve([]),
    tracedNativeMoves(ctx, from, to).then((t) => t ?? transferApiMoves(ctx, from, to)),
  ]);
  return { transfers: [...incoming, ...outgoing], swaps, wrapped, traced };
}

function splitTraced(t: TracedMoves, keep: (b: bigint) => boolean): TracedMoves {
  const part: TracedMoves = new Map(
    [...t].filter(([, moves]) => moves.every((m) => keep(m.block))),
  );
  if (t.sent) part.sent = new Map([...t.sent].filter(([, b]) => keep(b)));
  return part;
}

/** The logs of blocks up to `last`, and those after it. */
export function splitLogs(logs: WalletLogs, last: bigint): [WalletLogs, WalletLogs] {
  const part = (keep: (b: bigint) => boolean): WalletLogs => ({
    transfers: logs.transfers.filter((l) => keep(l.blockNumber as bigint)),
    swaps: logs.swaps.filter((l) => keep(l.blockNumber as bigint)),
    wrapped: logs.wrapped.filter((l) => keep(l.blockNumber as bigint)),
    traced: logs.traced && splitTraced(logs.traced, keep),
  });
  return [part((b) => b <= last), part((b) => b > last)];
}

/**
 * The tokens that reached the wallets in [from, to] (fungible Transfer logs to them, and WETH9
 * Deposits), each with a few of the transactions that brought it: what a wallet may hold when
 * its history starts later (see HistoryState.discover).
 */
export async function tokensReceived(
  ctx: EvmContext,
  from: bigint,
  to: bigint,
): Promise<Map<string, Hex[]>> {
  const walletTopics = ctx.wallets.map(
    (w) => `0x000000000000000000000000${w.slice(2).toLowerCase()}` as Hex,
  );
  const weth = ctx.cfg.wrappedNative;
  const params = (filter: Record<string, unknown>) =>
    [{ fromBlock: numberToHex(from), toBlock: numberToHex(to), ...filter } as never] as [never];
  const [incoming, deposits] = await Promise.all([
    ctx.client.request({
      method: "eth_getLogs",
      params: params({ topics: [TRANSFER_TOPIC, null, walletTopics] }),
    }) as Promise<RpcLog[]>,
    weth
      ? (ctx.client.request({
          method: "eth_getLogs",
          params: params({ address: weth, topics: [WETH_DEPOSIT_TOPIC, walletTopics] }),
        }) as Promise<RpcLog[]>)
      : Promise.resolve([] as RpcLog[]),
  ]);
  const tokens = new Map<string, Hex[]>();
  for (const l of [...incoming.filter((l) => l.topics.length === 3), ...deposits]) {
    const key = l.address.toLowerCase();
    const hashes = tokens.get(key) ?? [];
    if (hashes.length < 3 && l.transactionHash) hashes.push(l.transactionHash);
    tokens.set(key, hashes);
  }
  return tokens;
}

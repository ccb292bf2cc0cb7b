import { Dec } from "@portfolio/core";
import { formatUnits, getAddress, type Hex, type Log } from "viem";
import {
  TRANSFER_TOPIC,
  V2_SWAP_TOPIC,
  V3_SWAP_TOPIC,
  WETH_DEPOSIT_TOPIC,
  WETH_WITHDRAWAL_TOPIC,
} from "./abis.js";
import {
  type EvmContext,
  ensureTokenMeta,
  markAsked,
  tokenMetaOf,
  v3PositionAsset,
} from "./context.js";
import type { OwnTransaction } from "./own-transactions.js";
import type { NativeMove } from "./traces.js";
import type { WalletLogs } from "./wallet-logs.js";

/** One movement of one asset into or out of a tracked wallet. */
export interface Leg {
  dir: "in" | "out";
  asset: string;
  amount: Dec;
  /** token contract (lower case), or "native" */
  token: string;
  /** where it came from or went to */
  counterparty: string;
  /** unique within the transaction: the log index, or "value" for the coin sent with it */
  key: string;
}

/** Everything one transaction did to the wallets. */
export interface TxGroup {
  hash: Hex;
  block: bigint;
  legs: Leg[];
  swaps: Log[];
  /** present when a tracked wallet sent it */
  own?: OwnTransaction;
  wrapped: boolean;
}

const topicAddress = (t: Hex | undefined) => `0x${(t ?? "").slice(26)}`.toLowerCase();
const ZERO = "0x0000000000000000000000000000000000000000";

/** Groups the wallets' logs and own transactions by transaction, as signed asset movements. */
export async function groupByTransaction(
  ctx: EvmContext,
  logs: WalletLogs,
  own: OwnTransaction[],
  /** the coin moves the node's traces show (see tracedNativeMoves); null: none, infer them */
  traced: Map<string, NativeMove[]> | null,
): Promise<Map<string, TxGroup>> {
  const wallets = new Set(ctx.wallets.map((w) => w.toLowerCase()));
  const npm = ctx.cfg.uniswapV3PositionManager?.toLowerCase();
  const isNft = (l: Log) => l.topics.length === 4 && l.address.toLowerCase() === npm;
  const unique = new Map<string, Log>();
  for (const l of logs.transfers)
    if (l.topics[0] === TRANSFER_TOPIC && (l.topics.length === 3 || isNft(l)))
      unique.set(`${l.transactionHash}:${l.logIndex}`, l);
  const fungible = [...unique.values()].filter((l) => !isNft(l));
  for (const l of fungible) ctx.seen.add(l.address.toLowerCase());
  // a token moved in a transaction the wallets signed is theirs to deal with: never spam
  const signed = new Set(own.map((o) => o.tx.hash.toLowerCase()));
  for (const l of fungible)
    if (signed.has((l.transactionHash ?? "").toLowerCase())) markAsked(ctx, l.address);
  const weth = ctx.cfg.wrappedNative ? getAddress(ctx.cfg.wrappedNative) : null;
  if (weth && logs.wrapped.length) ctx.seen.add(weth.toLowerCase());
  await ensureTokenMeta(ctx, [
    ...new Set(fungible.map((l) => getAddress(l.address))),
    ...(weth && logs.wrapped.length ? [weth] : []),
  ]);

  const groups = new Map<string, TxGroup>();
  const group = (hash: Hex, block: bigint) => {
    let g = groups.get(hash);
    if (!g) {
      g = { hash, block, legs: [], swaps: [], wrapped: false };
      groups.set(hash, g);
    }
    return g;
  };
  const native = (wei: bigint) => new Dec(formatUnits(wei, 18));
  for (const l of unique.values()) {
    const [from, to] = [topicAddress(l.topics[1]), topicAddress(l.topics[2])];
    const nft = isNft(l);
    const m = nft
      ? { symbol: v3PositionAsset(BigInt(l.topics[3] as Hex)), decimals: 0, ignored: null }
      : tokenMetaOf(ctx, l.address);
    // a quarantined token's transfers are never history (see TokenMeta.ignored)
    if (m.ignored !== null) continue;
    const amount = nft ? new Dec(1) : new Dec(formatUnits(BigInt(l.data), m.decimals));
    if (amount.isZero()) continue;
    const g = group(l.transactionHash as Hex, l.blockNumber as bigint);
    const leg = { asset: m.symbol, amount, token: l.address.toLowerCase(), key: `${l.logIndex}` };
    if (wallets.has(to)) g.legs.push({ ...leg, dir: "in", counterparty: from });
    if (wallets.has(from)) g.legs.push({ ...leg, dir: "out", counterparty: to });
  }
  for (const l of logs.swaps)
    group(l.transactionHash as Hex, l.blockNumber as bigint).swaps.push(l);
  for (const l of logs.wrapped) {
    // Deposit(dst): coin in, WETH to dst. Withdrawal(src): WETH burned, the coin sent to src.
    const g = group(l.transactionHash as Hex, l.blockNumber as bigint);
    const wei = BigInt(l.data);
    if (wei === 0n) continue;
    g.wrapped = true;
    const w = tokenMetaOf(ctx, l.address);
    const wrappedAmount = new Dec(formatUnits(wei, w.decimals));
    const leg = { token: l.address.toLowerCase(), counterparty: ZERO, key: `${l.logIndex}` };
    const deposit = l.topics[0] === WETH_DEPOSIT_TOPIC;
    // wrappers that also emit a Transfer from (or to) the zero address are counted once
    const twin = g.legs.some(
      (x) =>
        x.token === leg.token &&
        x.counterparty === ZERO &&
        x.dir === (deposit ? "in" : "out") &&
        x.amount.eq(wrappedAmount),
    );
    if (deposit) {
      if (!twin) g.legs.push({ ...leg, dir: "in", asset: w.symbol, amount: wrappedAmount });
    } else {
      if (!twin) g.legs.push({ ...leg, dir: "out", asset: w.symbol, amount: wrappedAmount });
      // with traces, the coin WETH paid out is one of the traced moves below
      if (traced === null)
        g.legs.push({
          ...leg,
          token: "native",
          counterparty: l.address.toLowerCase(),
          key: `${l.logIndex}:coin`,
          dir: "in",
          asset: ctx.cfg.nativeSymbol,
          amount: native(wei),
        });
    }
  }
  const wethAddress = weth?.toLowerCase();
  for (const o of own) {
    const g = group(o.tx.hash, o.receipt.blockNumber);
    g.own = o;
    // the coin sent with a transaction moves only if it succeeded
    if (o.receipt.status !== "success") continue;
    const to = (o.tx.to ?? ZERO).toLowerCase();
    const coin = { asset: ctx.cfg.nativeSymbol, token: "native" };
    if (o.tx.value > 0n && traced === null) {
      g.legs.push({
        ...coin,
        amount: native(o.tx.value),
        dir: "out",
        counterparty: to,
        key: "value",
      });
      if (wallets.has(to))
        g.legs.push({
          ...coin,
          amount: native(o.tx.value),
          dir: "in",
          counterparty: o.tx.from.toLowerCase(),
          key: "value",
        });
    }
    for (const l of o.receipt.logs) {
      // swaps anywhere in the wallet's own transaction (a router may be the pool's recipient)
      if (
        (l.topics[0] === V2_SWAP_TOPIC || l.topics[0] === V3_SWAP_TOPIC) &&
        !g.swaps.some((x) => x.logIndex === l.logIndex)
      )
        g.swaps.push(l);
      // the contract the wallet called unwrapped WETH for itself and, as Uniswap's routers and
      // position manager do, paid the coin on to the wallet: a payment no log shows
      if (
        traced === null &&
        l.address.toLowerCase() === wethAddress &&
        l.topics[0] === WETH_WITHDRAWAL_TOPIC &&
        topicAddress(l.topics[1]) === to &&
        !wallets.has(to)
      ) {
        g.legs.push({
          ...coin,
          amount: native(BigInt(l.data)),
          dir: "in",
          counterparty: to,
          key: `${l.logIndex}:unwrapped`,
        });
      }
    }
  }
  // the coin the traces show moving: what was sent less what came back (a refund), a router's or
  // an aggregator's payment, coin received by an internal call in a transaction of its own
  for (const [hash, moves] of traced ?? []) {
    for (const m of moves) {
      const g = group(hash as Hex, m.block);
      g.legs.push({
        asset: ctx.cfg.nativeSymbol,
        token: "native",
        amount: native(m.wei),
        dir: m.dir,
        counterparty: m.counterparty,
        key: m.key,
      });
    }
  }
  return groups;
}

/** Net movement per asset of a group: positive came in. */
export function netByAsset(legs: Leg[]): Map<string, { amount: Dec; token: string }> {
  const net = new Map<string, { amount: Dec; token: string }>();
  for (const l of legs) {
    const cur = net.get(l.asset) ?? { amount: new Dec(0), token: l.token };
    cur.amount = cur.amount.add(l.dir === "in" ? l.amount : l.amount.neg());
    net.set(l.asset, cur);
  }
  return net;
}

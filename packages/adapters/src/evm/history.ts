import { balanceEffects, Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { type Address, formatUnits, type Hex } from "viem";
import type { TransactionPage } from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import { ownedPositionIds } from "./balances.js";
import { rowsOfTransaction } from "./build-rows.js";
import {
  type EvmContext,
  ensureTokenMeta,
  flagToken,
  markAsked,
  trustedTokens,
  v3PositionAsset,
} from "./context.js";
import {
  type Checkpoint,
  cloneHistoryState,
  type HistoryState,
  initialHistoryState,
  parseHistoryState,
  pushCheckpoint,
  rewindTo,
} from "./history-state.js";
import { findOwnTransactions } from "./own-transactions.js";
import { isMissingState, rpcErrorKind, rpcFailure } from "./rpc-errors.js";
import { tokenReconciliation } from "./token-reconcile.js";
import { groupByTransaction } from "./tx-groups.js";
import { splitLogs, tokensReceived, type WalletLogs, walletLogs } from "./wallet-logs.js";

const byWallet = <T>(ctx: EvmContext, f: (w: `0x${string}`) => Promise<T>) =>
  Promise.all(ctx.wallets.map(async (w) => [w.toLowerCase(), await f(w)] as const));

/** Native balances and nonces of the wallets at a block (zero before block 0). */
async function walletStateAt(ctx: EvmContext, block: bigint) {
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
async function openingHoldings(
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
async function openSnapshot(
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

/**
 * The rows of blocks [from, to]: every transaction that touched the wallets, and given block
 * `to` (`end`, already read for its hash), a row for the change of the native balance that none
 * of them explains (coin received from another account or from a contract, which no log shows).
 * Advances `state`.
 */
async function rowsOfRange(
  ctx: EvmContext,
  logs: WalletLogs,
  from: bigint,
  to: bigint,
  state: HistoryState,
  end: { timestamp: bigint } | null,
): Promise<TransactionInput[]> {
  // the wallets pay gas only for what they sent: candidates are transactions moving their tokens
  // out or paying them a swap; the nonce finds the rest
  const wallets = ctx.wallets.map((w) => `0x000000000000000000000000${w.slice(2).toLowerCase()}`);
  const candidates = new Set<Hex>();
  for (const l of logs.transfers)
    if (wallets.includes((l.topics[1] ?? "").toLowerCase()))
      candidates.add(l.transactionHash as Hex);
  for (const l of [...logs.swaps, ...logs.wrapped]) candidates.add(l.transactionHash as Hex);
  // the traces list every transaction a wallet sent: the nonce search then reads no old state
  for (const hash of logs.traced?.sent?.keys() ?? []) candidates.add(hash as Hex);
  const start = Object.fromEntries(
    Object.entries(state.nonces ?? {}).map(([w, n]) => [w, Number(n)]),
  );
  const { own, nonces } = await findOwnTransactions(ctx, from, to, [...candidates], start);
  const groups = [...(await groupByTransaction(ctx, logs, own, logs.traced)).values()].sort(
    (a, b) => (a.block === b.block ? 0 : a.block < b.block ? -1 : 1),
  );
  // nodes that put blockTimestamp on logs (anvil, recent geth and reth) save a getBlock per block
  const times = new Map<bigint, number>();
  if (end) times.set(to, Number(end.timestamp) * 1000);
  for (const l of [...logs.transfers, ...logs.swaps, ...logs.wrapped]) {
    const ts = (l as { blockTimestamp?: bigint | null }).blockTimestamp;
    if (typeof ts === "bigint") times.set(l.blockNumber as bigint, Number(ts) * 1000);
  }
  const missing = [...new Set(groups.map((g) => g.block))].filter((b) => !times.has(b));
  for (const b of await Promise.all(missing.map((n) => ctx.client.getBlock({ blockNumber: n }))))
    times.set(b.number as bigint, Number(b.timestamp) * 1000);
  const iso = (b: bigint) => new Date(times.get(b) as number).toISOString();

  const rows: TransactionInput[] = [];
  for (const g of groups) rows.push(...(await rowsOfTransaction(ctx, g, state, iso(g.block))));
  state.nonces = Object.fromEntries(Object.entries(nonces).map(([w, n]) => [w, String(n)]));
  if (!end) return rows;

  // native coin moves no log shows: the balance change the rows above do not explain
  let explained = new Dec(0);
  for (const r of rows) explained = explained.add(balanceEffects(r).get(ctx.cfg.nativeSymbol) ?? 0);
  const before = Object.values(state.native ?? {}).reduce((a, b) => a + BigInt(b), 0n);
  const now = await byWallet(ctx, (address) => ctx.client.getBalance({ address, blockNumber: to }));
  const after = now.reduce((a, [, b]) => a + b, 0n);
  state.native = Object.fromEntries(now.map(([w, b]) => [w, b.toString()]));
  const diff = new Dec(formatUnits(after - before, 18)).sub(explained);
  if (!diff.isZero())
    rows.push({
      txId: `native:${ctx.cfg.chainId}:${to}:${from}`,
      txType: diff.isPos() ? "transfer_in" : "transfer_out",
      asset: ctx.cfg.nativeSymbol,
      amount: formatAmount(diff.abs()),
      price: null,
      quoteAsset: null,
      quoteAmount: null,
      fee: null,
      feeAsset: null,
      timestamp: iso(to),
      metadata: { kind: "native_reconciled", fromBlock: from.toString(), toBlock: to.toString() },
    });
  const fromTime = async () =>
    new Date(
      Number((await ctx.client.getBlock({ blockNumber: from - 1n })).timestamp) * 1000,
    ).toISOString();
  return tokenReconciliation(ctx, rows, state, { from, to, fromTime, toTime: iso(to) });
}

const cursorOf = (ctx: EvmContext, s: HistoryState) =>
  JSON.stringify({
    ...s,
    tokens: [...ctx.seen].sort(),
    assets: Object.fromEntries([...ctx.assets].sort(([a], [b]) => (a < b ? -1 : 1))),
    flagged: Object.fromEntries([...ctx.flagged].sort(([a], [b]) => (a < b ? -1 : 1))),
    asked: [...ctx.asked].sort(),
  });

/** Whether the chain no longer has the checkpoint's block as it was read. */
async function replaced(ctx: EvmContext, cp: Checkpoint | undefined): Promise<boolean> {
  if (!cp) return false;
  try {
    return (await ctx.client.getBlock({ blockNumber: BigInt(cp.block) })).hash !== cp.hash;
  } catch (err) {
    if ((err as Error).name === "BlockNotFoundError") return true;
    throw err;
  }
}

/**
 * History from `cursor`: one eth_getLogs range of final blocks per page (halved when the node
 * says it is too large, grown back after), then the blocks under the confirmation depth as
 * pending rows on the last page. A final block whose hash changed since it was read means a
 * reorganisation deeper than the confirmations: the page says from which block the stored rows
 * are void, and history is read again from there.
 */
export async function readHistory(
  ctx: EvmContext,
  cursor: string | null,
): Promise<AdapterResult<TransactionPage>> {
  const state = cursor ? parseHistoryState(cursor, ctx.cfg) : initialHistoryState(ctx.cfg);
  if (!state) return fail("bad_request", "malformed EVM history cursor");
  for (const t of state.tokens) ctx.seen.add(t);
  for (const t of state.asked) ctx.asked.add(t);
  for (const [t, why] of Object.entries(state.flagged)) {
    if (!ctx.flagged.has(t)) flagToken(ctx, t, why);
  }
  // names already given stand, whatever this adapter instance has read since it started
  for (const [token, name] of Object.entries(state.assets)) {
    ctx.assets.set(token, name);
    const m = ctx.meta.get(token);
    if (m) m.symbol = name;
  }
  try {
    await ensureTokenMeta(ctx, trustedTokens(ctx));
  } catch (err) {
    return rpcFailure("token metadata", err);
  }
  let latest: bigint;
  let moved: boolean;
  try {
    [latest, moved] = await Promise.all([
      ctx.client.getBlockNumber(),
      replaced(ctx, state.checkpoints.at(-1)),
    ]);
  } catch (err) {
    return rpcFailure("block number", err);
  }
  if (moved) {
    // the chain replaced blocks stored as final: back to the newest checkpoint that still holds
    let keep: number;
    try {
      const gone = await Promise.all(state.checkpoints.map((c) => replaced(ctx, c)));
      keep = gone.lastIndexOf(false);
    } catch (err) {
      return rpcFailure("reorganisation", err);
    }
    const back = rewindTo(state, keep, ctx.cfg);
    return ok({
      transactions: [],
      nextCursor: cursorOf(ctx, back),
      hasMore: true,
      reorgFromBlock: back.next,
    });
  }
  const from = BigInt(state.next);
  const final = latest - BigInt(ctx.cfg.confirmations);
  const page = (transactions: TransactionInput[], hasMore: boolean, pending?: TransactionInput[]) =>
    ok({
      transactions,
      nextCursor: cursorOf(ctx, state),
      hasMore,
      ...(pending ? { pending } : {}),
    });
  const withPending = async (rows: TransactionInput[], fetched?: WalletLogs) => {
    if (final + 1n > latest) return page(rows, false, []);
    try {
      const scratch = cloneHistoryState(state);
      if (scratch.nonces === null) {
        const { nonces } = await walletStateAt(ctx, final);
        scratch.nonces = Object.fromEntries(Object.entries(nonces).map(([w, n]) => [w, String(n)]));
      }
      const logs = fetched ?? (await walletLogs(ctx, final + 1n, latest));
      const pending = await rowsOfRange(ctx, logs, final + 1n, latest, scratch, null);
      return page(rows, false, pending);
    } catch (err) {
      return rpcFailure("pending blocks", err);
    }
  };
  if (state.start === null) {
    // can the node answer state where history begins? If not (a full node, not an archive one),
    // history starts from a snapshot at the final head instead of at startBlock
    // the oldest state a page from here reads (a nonce search may look at any block after it);
    // from the genesis, block 1: some nodes keep no state of block 0 itself (anvil)
    const probe = from > 0n ? from - 1n : final >= 1n ? 1n : 0n;
    try {
      await ctx.client.getBalance({ address: ctx.wallets[0] as Address, blockNumber: probe });
      state.start = "archive";
    } catch (err) {
      if (!isMissingState(err)) return rpcFailure("archive probe", err);
      state.start = "snapshot";
      state.discover = String(ctx.cfg.startBlock);
    }
  }
  if (state.discover !== null) {
    // a later start: first the tokens received before it, page by page, no rows; from a
    // snapshot, up to the final head, which then opens the history
    const scanFrom = BigInt(state.discover);
    const scanEnd = state.start === "snapshot" ? final : from - 1n;
    const scanTo =
      scanEnd < scanFrom + BigInt(state.range) - 1n ? scanEnd : scanFrom + BigInt(state.range) - 1n;
    try {
      const found = await tokensReceived(ctx, scanFrom, scanTo);
      // a token that came in a transaction the wallets signed (a swap's output, an LP share)
      // is never spam: a few of its transactions say
      const check = [...found]
        .filter(([t]) => !ctx.asked.has(t))
        .flatMap(([t, hashes]) => hashes.map((h) => [t, h] as const));
      const senders = await Promise.all(
        check.map(([, hash]) => ctx.client.getTransaction({ hash })),
      );
      const wallets = new Set(ctx.wallets.map((w) => w.toLowerCase()));
      check.forEach(([t], i) => {
        if (wallets.has((senders[i]?.from ?? "").toLowerCase())) markAsked(ctx, t);
      });
      for (const t of found.keys()) ctx.seen.add(t);
    } catch (err) {
      if (rpcErrorKind(err).kind === "range" && state.range > 1) {
        state.ceiling = state.range - 1;
        state.range = Math.max(1, Math.floor(state.range / 2));
        return page([], true);
      }
      return rpcFailure("eth_getLogs", err);
    }
    state.discover = scanTo >= scanEnd ? null : (scanTo + 1n).toString();
    state.range = Math.min(ctx.cfg.maxLogRange, state.ceiling ?? Infinity, state.range * 2);
    if (state.discover !== null || state.start !== "snapshot") return page([], true);
    try {
      return page(await openSnapshot(ctx, state, scanTo), true);
    } catch (err) {
      return rpcFailure("snapshot", err);
    }
  }
  if (from > final) return withPending([]);
  const to = final < from + BigInt(state.range) - 1n ? final : from + BigInt(state.range) - 1n;

  let logs: WalletLogs;
  let pendingLogs: WalletLogs | undefined;
  let endBlock: { hash: Hex | null; timestamp: bigint };
  let openingRows: TransactionInput[] = [];
  // the page that reaches the final head reads the blocks under the confirmation depth in the
  // same queries (split by block after), when the node's range allows it
  const through =
    to === final && latest > final && latest - from < BigInt(state.range) ? latest : to;
  try {
    if (state.native === null || state.nonces === null) {
      // the opening native balance and nonce, before the first block read
      const opening = await walletStateAt(ctx, from - 1n);
      if (state.native === null && from > 0n)
        openingRows = await openingHoldings(ctx, opening.native, from - 1n);
      state.native ??= Object.fromEntries(
        Object.entries(opening.native).map(([w, b]) => [w, b.toString()]),
      );
      state.nonces ??= Object.fromEntries(
        Object.entries(opening.nonces).map(([w, n]) => [w, String(n)]),
      );
    }
    // the range's last block, for its hash (the checkpoint) and time, with the logs
    let read: WalletLogs;
    [read, endBlock] = await Promise.all([
      walletLogs(ctx, from, through),
      ctx.client.getBlock({ blockNumber: to }),
    ]);
    [logs, pendingLogs] = through === to ? [read, undefined] : splitLogs(read, to);
  } catch (err) {
    if (rpcErrorKind(err).kind === "range" && state.range > 1) {
      // the node's limit is below this range: never try as wide again, and halve
      state.ceiling = state.range - 1;
      state.range = Math.max(1, Math.floor(state.range / 2));
      return page([], true);
    }
    return rpcFailure("eth_getLogs", err);
  }
  try {
    const rows = [...openingRows, ...(await rowsOfRange(ctx, logs, from, to, state, endBlock))];
    state.next = (to + 1n).toString();
    pushCheckpoint(state, to, endBlock.hash as string);
    state.range = Math.min(ctx.cfg.maxLogRange, state.ceiling ?? Infinity, state.range * 2);
    return to < final ? page(rows, true) : withPending(rows, pendingLogs);
  } catch (err) {
    return rpcFailure("history", err);
  }
}

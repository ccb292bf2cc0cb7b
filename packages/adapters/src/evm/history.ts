import type { TransactionInput } from "@portfolio/core";
import type { Address, Hex } from "viem";
import type { TransactionPage } from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import {
  type EvmContext,
  ensureTokenMeta,
  flagToken,
  markAsked,
  trustedTokens,
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
import { openingHoldings, openSnapshot, walletStateAt } from "./opening.js";
import { rowsOfRange } from "./range-rows.js";
import { isMissingState, rpcErrorKind, rpcFailure } from "./rpc-errors.js";
import { splitLogs, tokensReceived, type WalletLogs, walletLogs } from "./wallet-logs.js";

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

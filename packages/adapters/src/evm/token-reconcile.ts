import { balanceEffects, Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { type Address, encodeFunctionData, formatUnits, getAddress } from "viem";
import { erc20Abi } from "./abis.js";
import { cappedCalls } from "./capped-calls.js";
import { type EvmContext, ensureTokenMeta, flagToken, tokenMetaOf } from "./context.js";
import type { HistoryState } from "./history-state.js";
import { isMissingState } from "./rpc-errors.js";
import { decodeUint } from "./token-metadata.js";

const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };

/**
 * The wallets' total of each token at `block`, by lower-case address: null for a token whose
 * balanceOf fails there (it is left as the history has it); 0 for a token with no code left.
 */
async function holdingsAt(
  ctx: EvmContext,
  tokens: string[],
  block: bigint,
): Promise<Map<string, Dec | null>> {
  const calls = tokens.flatMap((t) =>
    ctx.wallets.map((w) => ({
      target: getAddress(t) as Address,
      data: encodeFunctionData({ abi: erc20Abi, functionName: "balanceOf", args: [w] }),
    })),
  );
  const results = block < 0n ? [] : await cappedCalls(ctx.client, calls, block);
  const out = new Map<string, Dec | null>();
  tokens.forEach((t, i) => {
    let raw = 0n;
    let readable = true;
    for (let k = 0; k < ctx.wallets.length; k++) {
      const r = results[i * ctx.wallets.length + k];
      if (block < 0n || r?.status === "no_code") continue;
      const v = decodeUint(r);
      if (v === null) readable = false;
      else raw += v;
    }
    out.set(t, readable ? new Dec(formatUnits(raw, tokenMetaOf(ctx, t).decimals)) : null);
  });
  return out;
}

/**
 * What the wallets held of tokens first seen in a page, just before it. A node that no longer
 * keeps that block's state (a full node, the sync far behind) gives nothing: a token first seen
 * in the middle of history held nothing before its first transfer, unless minted without one,
 * which the page's end then shows.
 */
async function openingOf(
  ctx: EvmContext,
  tokens: string[],
  block: bigint,
): Promise<Map<string, Dec | null>> {
  try {
    return await holdingsAt(ctx, tokens, block);
  } catch (err) {
    if (!isMissingState(err)) throw err;
    return new Map(tokens.map((t) => [t, new Dec(0)]));
  }
}

/** A row for a balance change no transfer explains: gained is a `reward`, lost a `fee`. */
function unexplained(
  ctx: EvmContext,
  token: string,
  diff: Dec,
  block: bigint,
  timestamp: string,
  kind: "opening_balance" | "balance_reconciled",
): TransactionInput {
  const asset = tokenMetaOf(ctx, token).symbol;
  return {
    txId: `${kind}:${ctx.cfg.chainId}:${token}:${block}`,
    txType: kind === "opening_balance" ? "deposit" : diff.isPos() ? "reward" : "fee",
    asset,
    amount: formatAmount(diff.abs()),
    ...none,
    timestamp,
    metadata: { kind, token, block: block.toString() },
  };
}

/**
 * Token balances that moved without a transfer the rows show: the wallets' holdings at the
 * page's end are compared with what the history held before plus what the page's rows moved.
 * A token seen for the first time gets its balance before the page as an `opening_balance`
 * (`deposit`) row dated at the page's start (history may begin at a later `startBlock`); any
 * other difference (a rebase, a token whose balances vanish) is a `balance_reconciled` row at
 * the page's end: `reward` when gained, `fee` when lost. A token whose transfers in the page
 * moved its balance not at all is address poisoning: its rows are dropped and it is ignored.
 * Returns the page's rows (less any poisoning) and these. Updates `state.held`.
 */
export async function tokenReconciliation(
  ctx: EvmContext,
  pageRows: TransactionInput[],
  state: HistoryState,
  range: { from: bigint; to: bigint; fromTime: () => Promise<string>; toTime: string },
): Promise<TransactionInput[]> {
  let rows = pageRows;
  const tokens = [...ctx.seen].sort();
  await ensureTokenMeta(
    ctx,
    tokens.map((t) => getAddress(t)),
  );
  const counted = tokens.filter((t) => tokenMetaOf(ctx, t).ignored === null);
  if (counted.length === 0) return rows;
  const adopt = state.held === null;
  const held = state.held ?? {};
  const fresh = counted.filter((t) => held[t] === undefined);
  const [before, after] = await Promise.all([
    fresh.length ? openingOf(ctx, fresh, range.from - 1n) : new Map<string, Dec | null>(),
    holdingsAt(ctx, counted, range.to),
  ]);
  const moved = new Map<string, Dec>();
  for (const r of rows)
    for (const [asset, d] of balanceEffects(r))
      moved.set(asset, (moved.get(asset) ?? new Dec(0)).add(d));
  const out: TransactionInput[] = [];
  for (const t of fresh) {
    const opening = before.get(t) ?? new Dec(0);
    if (!adopt && !opening.isZero() && opening.isPos())
      out.push(
        unexplained(ctx, t, opening, range.from - 1n, await range.fromTime(), "opening_balance"),
      );
    held[t] = formatAmount(opening);
  }
  for (const t of counted) {
    const now = after.get(t);
    if (now === null || now === undefined) continue;
    const moves = moved.get(tokenMetaOf(ctx, t).symbol) ?? new Dec(0);
    if (now.eq(held[t] ?? "0") && !moves.isZero() && onlyTransfersOf(rows, ctx, t)) {
      // Transfer events that moved nothing (address poisoning: a contract that emits transfers
      // between any addresses it likes): never history, and the token is ignored from now on
      rows = rows.filter((r) => r.metadata.token !== t);
      flagToken(ctx, t, "its Transfer events move no balance (address poisoning)");
      continue;
    }
    const expected = new Dec(held[t] ?? "0").add(moves);
    const diff = now.sub(expected);
    if (!diff.isZero())
      out.push(unexplained(ctx, t, diff, range.to, range.toTime, "balance_reconciled"));
    held[t] = formatAmount(now);
  }
  state.held = held;
  return [...rows, ...out];
}

/** Whether every row that moves token `t`'s asset is a plain transfer of that token. */
function onlyTransfersOf(rows: TransactionInput[], ctx: EvmContext, t: string): boolean {
  const asset = tokenMetaOf(ctx, t).symbol;
  return rows
    .filter((r) => balanceEffects(r).has(asset))
    .every(
      (r) => (r.txType === "transfer_in" || r.txType === "transfer_out") && r.metadata.token === t,
    );
}

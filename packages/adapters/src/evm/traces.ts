import { type Hex, numberToHex } from "viem";
import type { EvmContext } from "./context.js";

/** A coin movement into or out of a tracked wallet, as the node's traces show it. */
export interface NativeMove {
  hash: Hex;
  block: bigint;
  dir: "in" | "out";
  wei: bigint;
  /** the other side of the call */
  counterparty: string;
  /** unique within the transaction: the call's place in the trace */
  key: string;
}

/** The coin moves by transaction; from traces, also every transaction a wallet sent (by block). */
export type TracedMoves = Map<string, NativeMove[]> & { sent?: Map<string, bigint> };

/** One frame of a parity-style trace (`trace_filter`, `trace_transaction`). */
interface TraceFrame {
  type: string;
  action: { from?: string; to?: string; value?: string; callType?: string };
  error?: string;
  traceAddress: number[];
  transactionHash: Hex;
  blockNumber: number;
}

/** Whether the node says it has no such method (it keeps no traces). */
function unsupported(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; details?: unknown } | undefined, d = 0;
    e && d < 8;
    d++
  ) {
    if (e.code === -32601 || e.code === -32004) return true;
    if (
      typeof e.details === "string" &&
      /not (found|supported|available)|unknown method|does not exist/i.test(e.details)
    )
      return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Frames that moved coin: calls (not delegate or static) and creations, with a value. */
function movesCoin(f: TraceFrame): boolean {
  const v = BigInt(f.action.value ?? "0x0");
  if (v === 0n) return false;
  return f.type === "create" || (f.type === "call" && (f.action.callType ?? "call") === "call");
}

/**
 * Every coin movement into or out of the wallets in blocks [from, to], read from the node's
 * traces (`trace_filter`, then `trace_transaction` for a call inside a transaction, to see
 * whether a frame around it reverted): refunds, a router's or an aggregator's payment, coin
 * sent to a contract that passed it on. Null when the node keeps no traces.
 */
export async function tracedNativeMoves(
  ctx: EvmContext,
  from: bigint,
  to: bigint,
): Promise<TracedMoves | null> {
  if (ctx.traces === false) return null;
  const wallets = ctx.wallets.map((w) => w.toLowerCase());
  const filter = (side: "fromAddress" | "toAddress") =>
    ctx.client.request({
      method: "trace_filter" as never,
      params: [
        { fromBlock: numberToHex(from), toBlock: numberToHex(to), [side]: wallets },
      ] as never,
    }) as Promise<TraceFrame[]>;
  let hits: TraceFrame[];
  try {
    hits = (await Promise.all([filter("fromAddress"), filter("toAddress")])).flat();
  } catch (err) {
    if (!unsupported(err)) throw err;
    ctx.traces = false;
    return null;
  }
  ctx.traces = true;
  const moves: TracedMoves = movesFromFrames(ctx, hits, await revertCheck(ctx, hits));
  moves.sent = new Map(
    hits
      .filter(
        (h) => h.traceAddress.length === 0 && wallets.includes((h.action.from ?? "").toLowerCase()),
      )
      .map((h) => [h.transactionHash.toLowerCase(), BigInt(h.blockNumber)]),
  );
  return moves;
}

/** A coin transfer as Alchemy's Transfers API lists it (the fields read here). */
interface AssetTransfer {
  blockNum: string;
  uniqueId: string;
  hash: Hex;
  from: string;
  to: string | null;
  category: string;
  rawContract: { value: string };
}

/**
 * The same moves from a provider's Transfers API (`alchemy_getAssetTransfers`) where the node
 * keeps no traces: coin a contract sent the wallets ("internal": only transfers that happened,
 * as documented) and coin sent at a transaction's top level ("external": kept only if its
 * receipt says it succeeded). Null when the provider has no such API either (then coin moves
 * are inferred and what is left reconciled from the balance).
 */
export async function transferApiMoves(
  ctx: EvmContext,
  from: bigint,
  to: bigint,
): Promise<Map<string, NativeMove[]> | null> {
  if (ctx.assetTransfers === false) return null;
  const ask = async (filter: Record<string, unknown>) => {
    const all: AssetTransfer[] = [];
    let pageKey: string | undefined;
    for (let n = 0; n < 100; n++) {
      const r = (await ctx.client.request({
        method: "alchemy_getAssetTransfers" as never,
        params: [
          {
            fromBlock: numberToHex(from),
            toBlock: numberToHex(to),
            excludeZeroValue: true,
            maxCount: "0x3e8",
            ...filter,
            ...(pageKey ? { pageKey } : {}),
          },
        ] as never,
      })) as { transfers: AssetTransfer[]; pageKey?: string };
      all.push(...r.transfers);
      pageKey = r.pageKey;
      if (!pageKey) return all;
    }
    throw new Error("alchemy_getAssetTransfers paged past 100,000 transfers in one range");
  };
  let found: AssetTransfer[];
  try {
    found = (
      await Promise.all(
        ctx.wallets.flatMap((w) => [
          ask({ toAddress: w, category: ["external", "internal"] }),
          ask({ fromAddress: w, category: ["external"] }),
        ]),
      )
    ).flat();
  } catch (err) {
    if (!unsupported(err)) throw err;
    ctx.assetTransfers = false;
    return null;
  }
  ctx.assetTransfers = true;
  // the coin a transaction sends moved only if it succeeded: its receipt says
  const external = [...new Set(found.filter((t) => t.category === "external").map((t) => t.hash))];
  const receipts = await Promise.all(
    external.map((hash) => ctx.client.getTransactionReceipt({ hash })),
  );
  const failed = new Set(
    receipts.filter((r) => r.status !== "success").map((r) => r.transactionHash.toLowerCase()),
  );
  // each transfer once (one wallet paying another is listed under both), numbered within its
  // transaction in place of a trace position
  const unique = [...new Map(found.map((t) => [t.uniqueId, t])).values()];
  const nth = new Map<string, number>();
  const frames: TraceFrame[] = unique
    .filter((t) => !failed.has(t.hash.toLowerCase()))
    .map((t) => {
      const k = nth.get(t.hash) ?? 0;
      nth.set(t.hash, k + 1);
      return {
        type: "call",
        action: { from: t.from, to: t.to ?? "", value: t.rawContract.value, callType: "call" },
        traceAddress: t.category === "external" ? [] : [k],
        transactionHash: t.hash,
        blockNumber: Number(BigInt(t.blockNum)),
      };
    });
  return movesFromFrames(ctx, frames, () => false);
}

/** A call inside a transaction counts only if no frame around it reverted: those are read whole. */
async function revertCheck(
  ctx: EvmContext,
  hits: TraceFrame[],
): Promise<(f: TraceFrame) => boolean> {
  const nested = [
    ...new Set(
      hits.filter((h) => h.traceAddress.length > 0 && movesCoin(h)).map((h) => h.transactionHash),
    ),
  ];
  const whole = new Map<string, TraceFrame[]>();
  await Promise.all(
    nested.map(async (hash) => {
      whole.set(
        hash,
        (await ctx.client.request({
          method: "trace_transaction" as never,
          params: [hash] as never,
        })) as TraceFrame[],
      );
    }),
  );
  return (f) => {
    if (f.error) return true;
    const all = whole.get(f.transactionHash);
    if (!all || f.traceAddress.length === 0) return false;
    return all.some(
      (a) =>
        a.error !== undefined &&
        a.traceAddress.length < f.traceAddress.length &&
        a.traceAddress.every((x, i) => f.traceAddress[i] === x),
    );
  };
}

/** The wallets' coin moves in `hits`, by transaction, less what `reverted` says did not happen. */
function movesFromFrames(
  ctx: EvmContext,
  hits: TraceFrame[],
  reverted: (f: TraceFrame) => boolean,
): Map<string, NativeMove[]> {
  const wallets = ctx.wallets.map((w) => w.toLowerCase());
  const out = new Map<string, NativeMove[]>();
  const seen = new Set<string>();
  for (const f of hits) {
    const key = `${f.transactionHash}:${f.traceAddress.join(".")}`;
    if (seen.has(key) || !movesCoin(f) || reverted(f)) continue;
    seen.add(key);
    const fromW = (f.action.from ?? "").toLowerCase();
    const toW = (f.action.to ?? "").toLowerCase();
    const list = out.get(f.transactionHash) ?? [];
    const base = {
      hash: f.transactionHash,
      block: BigInt(f.blockNumber),
      wei: BigInt(f.action.value ?? "0x0"),
      key: `trace:${f.traceAddress.join(".") || "top"}`,
    };
    if (wallets.includes(fromW)) list.push({ ...base, dir: "out", counterparty: toW });
    if (wallets.includes(toW)) list.push({ ...base, dir: "in", counterparty: fromW });
    out.set(f.transactionHash, list);
  }
  return out;
}

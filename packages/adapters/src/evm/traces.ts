import type { Hex } from "viem";
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

/** One frame of a parity-style trace (`trace_filter`, `trace_transaction`). */
interface TraceFrame {
  type: string;
  action: { from?: string; to?: string; value?: string; callType?: string };
  error?: string;
  traceAddress: number[];
  transactionHash: Hex;
  blockNumber: number;
}

const hex = (n: bigint) => `0x${n.toString(16)}` as const;

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
 * sent to a contract that passed it on. Null when the node keeps no traces (then coin moves are
 * inferred and what is left reconciled from the balance).
 */
export async function tracedNativeMoves(
  ctx: EvmContext,
  from: bigint,
  to: bigint,
): Promise<Map<string, NativeMove[]> | null> {
  if (ctx.traces === false) return null;
  const wallets = ctx.wallets.map((w) => w.toLowerCase());
  const filter = (side: "fromAddress" | "toAddress") =>
    ctx.client.request({
      method: "trace_filter" as never,
      params: [{ fromBlock: hex(from), toBlock: hex(to), [side]: wallets }] as never,
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
  // a call inside a transaction counts only if no frame around it reverted: read those whole
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
  const reverted = (f: TraceFrame): boolean => {
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
  const out = new Map<string, NativeMove[]>();
  const seen = new Set<string>();
  for (const f of hits) {
    const key = `${f.transactionHash}:${f.traceAddress.join(".")}`;
    if (seen.has(key) || !movesCoin(f) || reverted(f)) continue;
    seen.add(key);
    const fromW = (f.action.from ?? "").toLowerCase();
    const toW = (f.action.to ?? "").toLowerCase();
    const wei = BigInt(f.action.value ?? "0x0");
    const list = out.get(f.transactionHash) ?? [];
    const base = {
      hash: f.transactionHash,
      block: BigInt(f.blockNumber),
      wei,
      key: `trace:${f.traceAddress.join(".") || "top"}`,
    };
    if (wallets.includes(fromW)) list.push({ ...base, dir: "out", counterparty: toW });
    if (wallets.includes(toW)) list.push({ ...base, dir: "in", counterparty: fromW });
    out.set(f.transactionHash, list);
  }
  return out;
}

import { Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import { type Address, decodeAbiParameters, formatUnits, type Hex } from "viem";
import { V2_SWAP_TOPIC, v3PoolAbi } from "./abis.js";
import type { EvmContext } from "./context.js";
import type { HistoryState } from "./history-state.js";
import { liquidityKind, liquidityRows } from "./liquidity-rows.js";
import { netByAsset, type TxGroup } from "./tx-groups.js";

const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };

/** A pool's fee tier: V2 pairs take 0.3%, V3 pools say theirs (fixed at creation, so cached). */
async function poolFee(ctx: EvmContext, l: TxGroup["swaps"][number]): Promise<Dec> {
  if (l.topics[0] === V2_SWAP_TOPIC) return new Dec("0.003");
  const pool = l.address.toLowerCase();
  let fee = ctx.poolFees.get(pool);
  if (!fee) {
    const tier = await ctx.client.readContract({
      address: l.address as Address,
      abi: v3PoolAbi,
      functionName: "fee",
    });
    fee = new Dec(tier).div(1_000_000);
    ctx.poolFees.set(pool, fee);
  }
  return fee;
}

/**
 * The fee tier of every hop of a swap, in the order the pools swapped (log order), and what they
 * take together of the amount put in: 1 − Π(1 − fee of each hop).
 */
async function swapFees(ctx: EvmContext, g: TxGroup): Promise<{ hops: Dec[]; total: Dec }> {
  const hops = await Promise.all(
    [...g.swaps].sort((a, b) => (a.logIndex ?? 0) - (b.logIndex ?? 0)).map((l) => poolFee(ctx, l)),
  );
  const kept = hops.reduce((k, f) => k.mul(new Dec(1).sub(f)), new Dec(1));
  return { hops, total: new Dec(1).sub(kept) };
}

const TRANSFER_SELECTOR = "0xa9059cbb";

/** The L1 data fee an OP Stack receipt reports (`l1Fee`, hex wei), or 0 elsewhere. */
function l1FeeOf(receipt: object): bigint {
  const fee = (receipt as { l1Fee?: unknown }).l1Fee;
  if (typeof fee === "bigint") return fee;
  return typeof fee === "string" && /^0x[0-9a-f]+$/i.test(fee) ? BigInt(fee) : 0n;
}

/** The token and recipient of the wallet's own successful `transfer(to, amount)` call, or null. */
function transferRecipient(g: TxGroup): { token: string; to: string } | null {
  const tx = g.own?.tx;
  if (!tx?.to || g.own?.receipt.status !== "success" || !tx.input.startsWith(TRANSFER_SELECTOR))
    return null;
  try {
    const [to] = decodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }],
      `0x${tx.input.slice(10)}` as Hex,
    );
    return { token: tx.to.toLowerCase(), to: to.toLowerCase() };
  } catch {
    return null;
  }
}

/** One `convert` row when exactly one asset came in and one went out; null otherwise. */
function convertRow(
  g: TxGroup,
  suffix: string,
  base: { timestamp: string; metadata: Record<string, string> },
): TransactionInput | null {
  const moved = [...netByAsset(g.legs)].filter(([, n]) => !n.amount.isZero());
  const got = moved.filter(([, n]) => n.amount.isPos());
  const gave = moved.filter(([, n]) => n.amount.isNeg());
  if (got.length !== 1 || gave.length !== 1) return null;
  const [[asset, inn], [quote, out]] = [got[0], gave[0]] as [
    [string, { amount: Dec }],
    [string, { amount: Dec }],
  ];
  const quoteAmount = out.amount.abs();
  return {
    txId: `${g.hash}:${suffix}`,
    txType: "convert",
    asset,
    amount: formatAmount(inn.amount),
    price: formatAmount(quoteAmount.div(inn.amount).toSignificantDigits(20)),
    quoteAsset: quote,
    quoteAmount: formatAmount(quoteAmount),
    fee: null,
    feeAsset: null,
    timestamp: base.timestamp,
    metadata: base.metadata,
  };
}

/**
 * The rows of one transaction: a swap as a `convert` (with the pool's fee reported, not
 * subtracted again: it is inside the amounts), wrapping the coin as a `convert`, liquidity
 * changes as `liquidity_add`/`liquidity_remove` (and earned fees as `reward`), anything else leg
 * by leg as transfers; and the gas of a transaction a wallet sent as a `fee` row, failed ones too.
 */
export async function rowsOfTransaction(
  ctx: EvmContext,
  g: TxGroup,
  state: HistoryState,
  timestamp: string,
): Promise<TransactionInput[]> {
  const common = { txHash: g.hash, block: g.block.toString(), chainTxId: g.hash };
  const liquidity = liquidityKind(ctx, g);
  const kind = liquidity ?? (g.swaps.length > 0 ? "swap" : g.wrapped ? "wrap" : "transfer");
  const rows: TransactionInput[] = [];
  let grouped: TransactionInput[] | null = null;
  if (kind === "swap") {
    const fees = await swapFees(ctx, g);
    const row = convertRow(g, "swap", { timestamp, metadata: { ...common, kind } });
    if (row) {
      row.metadata = {
        ...row.metadata,
        // every hop's tier; poolFee is what they take together of the amount put in
        poolFee: formatAmount(fees.total),
        poolFees: fees.hops.map((f) => formatAmount(f)).join(","),
        feePaid: formatAmount(new Dec(row.quoteAmount as string).mul(fees.total)),
        feeAsset: row.quoteAsset as string,
      };
      grouped = [row];
    }
  } else if (kind === "wrap") {
    const row = convertRow(g, "wrap", { timestamp, metadata: { ...common, kind } });
    grouped = row ? [row] : null;
  } else if (kind === "transfer" && g.own?.receipt.status === "success") {
    // the wallet's own call gave one asset and got another back (an aggregator, an OTC
    // contract, a router of its own): a trade, whatever contract made it
    const row = convertRow(g, "trade", { timestamp, metadata: { ...common, kind: "trade" } });
    grouped = row ? [row] : null;
  } else if (liquidity) {
    grouped = await liquidityRows(ctx, g, liquidity, state, {
      timestamp,
      metadata: common,
    });
  }
  if (grouped) rows.push(...grouped);
  else {
    const sentTo = transferRecipient(g);
    for (const leg of g.legs) {
      // the wallet called token.transfer(to, …): what else left it of that token is the tax
      const tax =
        sentTo !== null &&
        leg.dir === "out" &&
        leg.token === sentTo.token &&
        leg.counterparty !== sentTo.to;
      rows.push({
        txId: `${g.hash}:${leg.key}:${leg.dir}`,
        txType: tax ? "fee" : leg.dir === "in" ? "transfer_in" : "transfer_out",
        asset: leg.asset,
        amount: formatAmount(leg.amount),
        ...none,
        timestamp,
        metadata: {
          ...common,
          kind: tax ? "transfer_tax" : kind,
          token: leg.token,
          [leg.dir === "in" ? "from" : "to"]: leg.counterparty,
        },
      });
    }
  }
  const own = g.own;
  if (own) {
    // a rollup (the OP Stack) also charges the L1 data fee, outside gasUsed × price: its receipt
    // says how much
    const l1Fee = l1FeeOf(own.receipt);
    const gas = own.receipt.gasUsed * own.receipt.effectiveGasPrice + l1Fee;
    rows.push({
      txId: `${g.hash}:gas`,
      txType: "fee",
      asset: ctx.cfg.nativeSymbol,
      amount: formatAmount(new Dec(formatUnits(gas, 18))),
      ...none,
      timestamp,
      metadata: {
        kind: "gas",
        txHash: g.hash,
        block: g.block.toString(),
        status: own.receipt.status,
        from: own.tx.from.toLowerCase(),
        // the called function's selector (0x095ea7b3 is approve) or "transfer" for a plain send
        call: own.tx.input === "0x" ? "transfer" : (own.tx.input.slice(0, 10) as Hex),
        ...(l1Fee > 0n ? { l1Fee: formatAmount(new Dec(formatUnits(l1Fee, 18))) } : {}),
        ...(own.tx.to ? { to: own.tx.to.toLowerCase() } : {}),
      },
    });
  }
  return rows.filter((r) => r.amount !== "0");
}

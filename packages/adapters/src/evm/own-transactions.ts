import type { Address, Hex, Transaction, TransactionReceipt } from "viem";
import type { EvmContext } from "./context.js";

/** A transaction a tracked wallet sent (it paid the gas), with its receipt. */
export interface OwnTransaction {
  tx: Transaction;
  receipt: TransactionReceipt;
}

/**
 * Every transaction the wallets sent in blocks (from − 1, to], including those no log shows
 * (approvals, failed calls, plain ETH sends). The wallet's nonce says how many it sent: the
 * candidates found in logs are checked against it, and the blocks of any missing nonce are found
 * by bisecting `eth_getTransactionCount` over the range (about log2(range) calls per missing
 * transaction, batched level by level). `start` is each wallet's nonce at block from − 1.
 */
export async function findOwnTransactions(
  ctx: EvmContext,
  from: bigint,
  to: bigint,
  candidates: Hex[],
  start: Record<string, number>,
): Promise<{ own: OwnTransaction[]; nonces: Record<string, number> }> {
  const wallets = new Map(ctx.wallets.map((w) => [w.toLowerCase(), w]));
  const [known, ends] = await Promise.all([
    Promise.all(candidates.map((hash) => ctx.client.getTransaction({ hash }))),
    Promise.all(
      ctx.wallets.map((address) => ctx.client.getTransactionCount({ address, blockNumber: to })),
    ),
  ]);
  const sent: Transaction[] = known.filter((t) => wallets.has(t.from.toLowerCase()));
  const nonces: Record<string, number> = {};
  await Promise.all(
    ctx.wallets.map(async (wallet, i) => {
      const w = wallet.toLowerCase();
      const end = ends[i] as number;
      nonces[w] = end;
      const have = new Set(sent.filter((t) => t.from.toLowerCase() === w).map((t) => t.nonce));
      const lacking = (lo: number, hi: number) => {
        for (let n = lo; n < hi; n++) if (!have.has(n)) return true;
        return false;
      };
      const blocks = new Set<bigint>();
      // blocks (lo, hi] hold this wallet's nonces [cLo, cHi)
      const search = async (lo: bigint, hi: bigint, cLo: number, cHi: number): Promise<void> => {
        if (!lacking(cLo, cHi)) return;
        if (hi - lo === 1n) {
          blocks.add(hi);
          return;
        }
        const mid = (lo + hi) / 2n;
        const cMid = await ctx.client.getTransactionCount({
          address: wallet as Address,
          blockNumber: mid,
        });
        await Promise.all([search(lo, mid, cLo, cMid), search(mid, hi, cMid, cHi)]);
      };
      await search(from - 1n, to, start[w] ?? 0, end);
      const full = await Promise.all(
        [...blocks].map((blockNumber) =>
          ctx.client.getBlock({ blockNumber, includeTransactions: true }),
        ),
      );
      for (const b of full)
        for (const t of b.transactions)
          if (t.from.toLowerCase() === w && !have.has(t.nonce)) sent.push(t as Transaction);
    }),
  );
  const receipts = await Promise.all(
    sent.map((t) => ctx.client.getTransactionReceipt({ hash: t.hash })),
  );
  return { own: sent.map((tx, i) => ({ tx, receipt: receipts[i] as TransactionReceipt })), nonces };
}

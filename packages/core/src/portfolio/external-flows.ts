import { type Dec, parseAmount } from "../money/decimal.js";

/** The fields of a stored transaction that external-flow detection reads. */
export interface FlowCandidate {
  accountId: string;
  txId: string;
  txType: string;
  asset: string;
  amount: string;
  /** epoch ms */
  timestamp: number;
  metadata: Record<string, unknown>;
}

export interface ExternalFlow {
  accountId: string;
  txId: string;
  asset: string;
  /** positive: money came in from outside; negative: it left */
  amount: Dec;
  timestamp: number;
  /**
   * the price of one unit in the series' base at the flow's own moment, when the caller knows
   * it (the price service); otherwise the flow is valued at its bucket's snapshot prices
   */
  price?: Dec | null;
}

const INFLOW = new Set(["deposit", "transfer_in"]);
const OUTFLOW = new Set(["withdrawal", "transfer_out"]);

/** A chain transaction hash, when the platform reported one, links a withdrawal to its deposit. */
function chainTxId(tx: FlowCandidate): string | null {
  const v = tx.metadata.chainTxId;
  return typeof v === "string" && v.length > 0 ? v.toLowerCase() : null;
}

/**
 * Deposits and withdrawals that crossed the owner's boundary. A withdrawal from one of the
 * owner's accounts and a deposit into another of them is an internal transfer, not a flow: they
 * are paired when they carry the same chain transaction id, or else when they move the same
 * amount of the same asset and the deposit lands within `windowMs` after the withdrawal
 * (earliest candidates first). Withdrawal fees are not flows: they are a cost and stay in the
 * performance.
 */
export function externalFlows(
  txs: readonly FlowCandidate[],
  windowMs = 48 * 3_600_000,
): { flows: ExternalFlow[]; internalTransfers: { out: string; in: string }[] } {
  const sorted = [...txs]
    .filter((t) => INFLOW.has(t.txType) || OUTFLOW.has(t.txType))
    .sort((a, b) => a.timestamp - b.timestamp);
  // the deposits by chain hash and by asset and amount, each list in time order: a withdrawal
  // looks only at its own candidates (O(n log n) overall, not a scan of every row per row)
  const hashes = sorted.map(chainTxId);
  const byHash = new Map<string, number[]>();
  const byAmount = new Map<string, number[]>();
  const amountKey = (t: FlowCandidate) => `${t.asset}\u0000${parseAmount(t.amount).toString()}`;
  sorted.forEach((t, i) => {
    if (!INFLOW.has(t.txType)) return;
    const h = hashes[i];
    if (h) byHash.set(h, [...(byHash.get(h) ?? []), i]);
    const list = byAmount.get(amountKey(t));
    if (list) list.push(i);
    else byAmount.set(amountKey(t), [i]);
  });
  const paired = new Set<number>();
  const internalTransfers: { out: string; in: string }[] = [];
  sorted.forEach((out, o) => {
    if (!OUTFLOW.has(out.txType) || paired.has(o)) return;
    const hash = hashes[o] ?? null;
    const usable = (i: number) => {
      const inc = sorted[i] as FlowCandidate;
      return !paired.has(i) && inc.accountId !== out.accountId && inc.asset === out.asset;
    };
    // the earliest deposit carrying the same chain hash…
    let match = -1;
    if (hash !== null) match = (byHash.get(hash) ?? []).find(usable) ?? -1;
    // …or, earlier still, one of the same amount landing within the window (a deposit that
    // carries a hash of its own is matched by hash when the withdrawal has one too)
    const same = byAmount.get(amountKey(out)) ?? [];
    let lo = 0;
    let hi = same.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[same[mid] as number] as FlowCandidate).timestamp < out.timestamp) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < same.length; k++) {
      const i = same[k] as number;
      if (match >= 0 && i > match) break;
      const inc = sorted[i] as FlowCandidate;
      if (inc.timestamp - out.timestamp > windowMs) break;
      if (hash !== null && hashes[i] !== null) continue;
      if (usable(i)) {
        match = i;
        break;
      }
    }
    if (match >= 0) {
      const inc = sorted[match] as FlowCandidate;
      paired.add(o);
      paired.add(match);
      internalTransfers.push({
        out: `${out.accountId}/${out.txId}`,
        in: `${inc.accountId}/${inc.txId}`,
      });
    }
  });
  const flows = sorted
    .filter((_t, i) => !paired.has(i))
    .map((t) => {
      const amount = parseAmount(t.amount);
      return {
        accountId: t.accountId,
        txId: t.txId,
        asset: t.asset,
        amount: INFLOW.has(t.txType) ? amount : amount.neg(),
        timestamp: t.timestamp,
      };
    });
  return { flows, internalTransfers };
}

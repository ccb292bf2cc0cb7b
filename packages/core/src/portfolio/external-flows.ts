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
  const paired = new Set<FlowCandidate>();
  const internalTransfers: { out: string; in: string }[] = [];
  for (const out of sorted) {
    if (!OUTFLOW.has(out.txType) || paired.has(out)) continue;
    const hash = chainTxId(out);
    const match = sorted.find(
      (inc) =>
        INFLOW.has(inc.txType) &&
        !paired.has(inc) &&
        inc.accountId !== out.accountId &&
        inc.asset === out.asset &&
        (hash !== null && chainTxId(inc) !== null
          ? chainTxId(inc) === hash
          : inc.timestamp >= out.timestamp &&
            inc.timestamp - out.timestamp <= windowMs &&
            parseAmount(inc.amount).eq(parseAmount(out.amount))),
    );
    if (match) {
      paired.add(out);
      paired.add(match);
      internalTransfers.push({
        out: `${out.accountId}/${out.txId}`,
        in: `${match.accountId}/${match.txId}`,
      });
    }
  }
  const flows = sorted
    .filter((t) => !paired.has(t))
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

import { balanceEffects, formatAmount, parseAmount, type TransactionInput } from "@portfolio/core";
import type { PlatformBalance } from "../adapter.js";
import type { HistoryState } from "./history-state.js";

/** Each asset's total (free + locked) in `balances`, as the cursor keeps it. */
export function totalsOf(balances: PlatformBalance[]): Record<string, string> {
  return Object.fromEntries(
    balances.map((b) => [b.asset, formatAmount(parseAmount(b.free).add(parseAmount(b.locked)))]),
  );
}

/**
 * Adds what `rows` move to what the history implies (see HistoryState.implied), once per row:
 * each pass reads the last `overlapDays` of every window again, so rows dated inside that
 * overlap are remembered (HistoryState.recent) and not added twice.
 */
export function addImplied(
  state: HistoryState,
  rows: TransactionInput[],
  recentFrom: number,
): number {
  if (!state.implied) return rows.length;
  state.recent ??= {};
  let fresh = 0;
  for (const r of rows) {
    if (r.txId in state.recent) continue;
    fresh++;
    const at = Date.parse(r.timestamp);
    if (at >= recentFrom && Object.keys(state.recent).length < MAX_RECENT)
      state.recent[r.txId] = at;
    for (const [asset, d] of balanceEffects(r))
      state.implied[asset] = formatAmount(parseAmount(state.implied[asset] ?? "0").add(d));
  }
  return fresh;
}

/** how many rows of the overlap a cursor remembers (see addImplied) */
export const MAX_RECENT = 5000;

/**
 * One row per asset for what the balances hold beyond what the history explains (a movement no
 * endpoint read shows): a `deposit` when more is held, a `withdrawal` when less, `kind:
 * "unexplained"`, so returns never count it. A cursor from before this was kept adopts the
 * balances as explained instead.
 */
export function unexplainedRows(
  state: HistoryState,
  balances: PlatformBalance[],
  now: number,
): TransactionInput[] {
  const totals = totalsOf(balances);
  if (!state.implied) {
    state.implied = totals;
    state.unexplained = {};
    return [];
  }
  state.unexplained ??= {};
  const rows: TransactionInput[] = [];
  const assets = new Set([...Object.keys(totals), ...Object.keys(state.implied)]);
  for (const asset of [...assets].sort()) {
    const diff = parseAmount(totals[asset] ?? "0").sub(parseAmount(state.implied[asset] ?? "0"));
    if (diff.isZero()) continue;
    state.unexplained[asset] = formatAmount(parseAmount(state.unexplained[asset] ?? "0").add(diff));
    rows.push({
      txId: `unexplained:${asset}:${now}`,
      txType: diff.isPos() ? "deposit" : "withdrawal",
      asset,
      amount: formatAmount(diff.abs()),
      price: null,
      quoteAsset: null,
      quoteAmount: null,
      fee: null,
      feeAsset: null,
      timestamp: new Date(now).toISOString(),
      metadata: { kind: "unexplained", syncedAt: new Date(now).toISOString() },
    });
  }
  return rows;
}

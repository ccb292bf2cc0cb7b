import { formatAmount, parseAmount, type TransactionInput } from "@portfolio/core";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import { EP } from "./endpoints.js";
import {
  type FailedMovement,
  type HistoryState,
  MAX_FAILED,
  MAX_PENDING,
  WINDOW_STREAMS,
} from "./history-state.js";
import {
  depositStage,
  depositTx,
  type RawDeposit,
  type RawWithdrawal,
  withdrawalStage,
  withdrawalTime,
  withdrawalTx,
} from "./parse.js";

/** Remembers the not-yet-final deposits or withdrawals of `rows` and forgets the final ones. */
export function notePending(
  state: HistoryState,
  name: "deposits" | "withdrawals",
  rows: (RawDeposit | RawWithdrawal)[],
): void {
  state.pending ??= { deposits: {}, withdrawals: {} };
  const failed = (m: FailedMovement) => {
    const list = (state.failed ?? []).filter((f) => !(f.kind === m.kind && f.id === m.id));
    state.failed = [m, ...list].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, MAX_FAILED);
  };
  for (const x of rows) {
    if (name === "deposits") {
      const d = x as RawDeposit;
      if (depositStage(d.status) === "failed")
        failed({
          kind: "deposit",
          id: d.id,
          asset: d.coin,
          amount: formatAmount(parseAmount(d.amount)),
          status: d.status,
          at: new Date(d.insertTime).toISOString(),
        });
      if (depositStage(d.status) !== "pending") delete state.pending.deposits[d.id];
      else if (Object.keys(state.pending.deposits).length < MAX_PENDING)
        state.pending.deposits[d.id] = { coin: d.coin, time: d.insertTime };
    } else {
      const w = x as RawWithdrawal;
      if (withdrawalStage(w.status) === "failed")
        failed({
          kind: "withdrawal",
          id: w.id,
          asset: w.coin,
          amount: formatAmount(parseAmount(w.amount)),
          status: w.status,
          at: new Date(withdrawalTime(w)).toISOString(),
        });
      if (withdrawalStage(w.status) !== "pending") delete state.pending.withdrawals[w.id];
      else if (Object.keys(state.pending.withdrawals).length < MAX_PENDING)
        state.pending.withdrawals[w.id] = { time: withdrawalTime(w) };
    }
  }
}

/**
 * Asks again about deposits and withdrawals that were not final when read: one deposit, or up
 * to 50 withdrawals (`idList`), per page. A credited or completed one is a row now; a failed
 * one leaves the list with no row; one still pending waits for the next pass.
 */
export async function recheckPending(
  client: BinanceClient,
  state: HistoryState,
): Promise<AdapterResult<TransactionInput[]>> {
  const recheck = state.recheck as NonNullable<HistoryState["recheck"]>;
  const pending = state.pending as NonNullable<HistoryState["pending"]>;
  const id = recheck.deposits[0];
  if (id !== undefined) {
    const d = pending.deposits[id];
    recheck.deposits.shift();
    if (!d) return ok([]);
    const r = await client.call<RawDeposit[]>(EP.deposits, {
      coin: d.coin,
      startTime: d.time,
      endTime: d.time,
    });
    if (!r.ok) return r;
    const rows = r.value.filter((x) => x.id === id);
    notePending(state, "deposits", rows);
    return ok(rows.map(depositTx).filter((t): t is TransactionInput => t !== null));
  }
  const ids = recheck.withdrawals.splice(0, 50);
  const times = ids.map((w) => pending.withdrawals[w]?.time ?? 0);
  const from = Math.min(...times);
  const r = await client.call<RawWithdrawal[]>(EP.withdrawals, {
    idList: ids.join(","),
    startTime: from,
    endTime: Math.min(from + WINDOW_STREAMS.withdrawals.span, Math.max(...times)),
  });
  if (!r.ok) return r;
  notePending(state, "withdrawals", r.value);
  return ok(r.value.map(withdrawalTx).filter((t): t is TransactionInput => t !== null));
}

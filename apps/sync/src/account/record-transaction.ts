import { ledgerKeptByUs } from "@portfolio/adapters";
import { FillInput, Provider } from "@portfolio/core";
import type { AccountEvent } from "../events/account-event.js";
import { balancesChanged, fillEvent, reservationChanged } from "../events/build-events.js";
import {
  invalidInput,
  invalidShape,
  type RecordedTransaction,
  type RpcResult,
} from "../rpc-types.js";
import type { AccountRecord } from "../storage/account-store.js";
import { recordFill } from "./record-fill.js";
import { reservationView } from "./reservations.js";
import type { AccountWiring } from "./wiring.js";

/**
 * A fill as a bot reports it, checked: a valid fill, which on an account whose ledger the
 * platform keeps names the platform's trade.
 */
export function parseReportedFill(account: AccountRecord, input: unknown): RpcResult<FillInput> {
  const parsed = FillInput.safeParse(input);
  if (!parsed.success) {
    return invalidShape("transaction", parsed.error.issues);
  }
  const { metadata } = parsed.data;
  const named = ["tradeId", "orderId"].some((k) =>
    ["string", "number"].includes(typeof metadata[k]),
  );
  if (!ledgerKeptByUs[Provider.parse(account.provider)] && !named) {
    // on an exchange or a chain the fill stays applied until a sync sees its trade: without
    // the platform's id it never would, and the trade would be counted twice
    return invalidInput(
      "name the platform's trade in metadata.tradeId (Binance's trade id, or the chain's transaction hash) or metadata.orderId, so a sync can recognise it",
    );
  }
  return { ok: true, value: parsed.data };
}

export type RecordTransactionDeps = Pick<
  AccountWiring,
  "store" | "outbox" | "stream" | "quiet" | "rearm" | "now"
>;

/**
 * Records a fill a bot reports (see record-fill.ts): D1 and the webhooks get it behind the
 * answer, a quiet wallet's next sync comes closer again, and subscribed bots hear of the fill,
 * of the hold it spent from and of the balances.
 */
export async function recordTransaction(
  d: RecordTransactionDeps,
  account: AccountRecord,
  input: unknown,
): Promise<RpcResult<RecordedTransaction>> {
  const parsed = parseReportedFill(account, input);
  if (!parsed.ok) return parsed;
  const fill = parsed.value;
  const now = d.now();
  const holdId = fill.metadata.reservationId;
  const hold = typeof holdId === "string" ? d.store.reservations.get(holdId, now) : undefined;
  const r = recordFill(d.store, account.id, fill, now);
  if (!r.ok || !r.value.created) return r;
  d.outbox.kick();
  if (d.quiet.wake(account, now)) await d.rearm();
  const { transaction } = r.value;
  d.stream.publish(() => {
    const events: AccountEvent[] = [fillEvent("fill.recorded", transaction, now)];
    if (hold) {
      const left = d.store.reservations.get(hold.id, now);
      events.push(
        reservationChanged(
          reservationView(account.id, left ?? { ...hold, amount: "0" }),
          left ? "reduced" : "spent",
          now,
        ),
      );
    }
    events.push(balancesChanged(account, d.store, now));
    return events;
  });
  return r;
}

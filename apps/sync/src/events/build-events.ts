import { newId, type Transaction } from "@portfolio/core";
import { balanceRows } from "../account/views.js";
import type { ReservationView, SyncStatus } from "../rpc-types.js";
import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import type { AccountEvent } from "./account-event.js";

const at = (now: number) => new Date(now).toISOString();

export function balancesChanged(
  account: AccountRecord,
  store: AccountStore,
  now: number,
): AccountEvent {
  const book = store.balances.snapshot();
  return {
    // one id per account and version: sent again (a stream, a webhook retried), it is the same event
    id: `evt_${account.id.slice("acct_".length)}v${book.version}`,
    type: "balances.changed",
    accountId: account.id,
    at: at(now),
    version: book.version,
    platformAsOf: book.platformAsOf === null ? null : at(book.platformAsOf),
    balances: balanceRows(account, store, now),
  };
}

export function fillEvent(
  type: "fill.recorded" | "fill.voided",
  transaction: Transaction,
  now: number,
): AccountEvent {
  return { id: newId("evt"), type, accountId: transaction.accountId, at: at(now), transaction };
}

export function reservationChanged(
  reservation: ReservationView,
  change: "held" | "reduced" | "released" | "spent" | "expired",
  now: number,
): AccountEvent {
  return {
    id: newId("evt"),
    type: "reservation.changed",
    accountId: reservation.accountId,
    at: at(now),
    change,
    reservation,
  };
}

export function syncStateEvent(accountId: string, sync: SyncStatus, now: number): AccountEvent {
  return { id: newId("evt"), type: "sync.state", accountId, at: at(now), sync };
}

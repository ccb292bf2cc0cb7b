import { newId, type Transaction } from "@portfolio/core";
import { balancesView } from "../account/views.js";
import type { ReservationView, SyncStatus } from "../rpc-types.js";
import type { AccountRecord, AccountStore, JobRecord } from "../storage/account-store.js";
import type { AccountEvent } from "./account-event.js";

const at = (now: number) => new Date(now).toISOString();

export function balancesChanged(
  account: AccountRecord,
  store: AccountStore,
  job: JobRecord | undefined,
  now: number,
): AccountEvent {
  const view = balancesView(account, store, job, now);
  return {
    // one id per account and version: sent again (a stream, a webhook retried), it is the same event
    id: `evt_${account.id.slice("acct_".length)}v${view.version}`,
    type: "balances.changed",
    accountId: account.id,
    at: at(now),
    version: view.version,
    platformAsOf: view.platformAsOf,
    balances: view.balances,
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

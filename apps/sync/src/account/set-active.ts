import { type Db, updateAccountRow } from "@portfolio/db";
import { balancesChanged, reservationChanged, syncStateEvent } from "../events/build-events.js";
import type { AccountView, RpcError, RpcResult } from "../rpc-types.js";
import { SYNC_JOB } from "../schedule/sync-job.js";
import type { AccountRecord, AccountStore, ReservationRecord } from "../storage/account-store.js";
import { viewAccount } from "./account-state.js";
import { reservationView } from "./reservations.js";
import type { AccountWiring } from "./wiring.js";

export interface ActiveChange {
  account: AccountRecord;
  /** false when the account already was in that state (nothing was written) */
  changed: boolean;
  /** the holds a deactivation released */
  released: ReservationRecord[];
}

/**
 * Deactivates or activates an account. Deactivated, it stops syncing (its sync job is
 * unscheduled), leaves the owner's portfolio and snapshots (D1 `accounts.active`, which
 * `listActiveAccountIds` reads), releases its holds and refuses trade checks, holds and syncs
 * ({@link inactiveRefusal}); its history stays, its balances stay readable (marked inactive),
 * and fills can still be recorded and voided, since they tell what happened. Activated, its
 * schedule starts again with a sync now. D1 first: if it fails, nothing changed.
 */
export async function setAccountActive(
  d: { store: AccountStore; db: Db; now: number },
  account: AccountRecord,
  active: boolean,
): Promise<ActiveChange> {
  if (account.active === active) return { account, changed: false, released: [] };
  await updateAccountRow(d.db, account.id, { active }, new Date(d.now));
  let released: ReservationRecord[] = [];
  d.store.atomically(() => {
    d.store.updateAccount({ active, updatedAt: d.now });
    const job = d.store.job(SYNC_JOB);
    if (job)
      d.store.saveJob(
        active
          ? { ...job, state: "scheduled", attempts: 0, nextRunAt: d.now }
          : { ...job, nextRunAt: null },
      );
    if (!active) {
      released = d.store.reservations.clear(d.now);
      if (released.length) d.store.balances.touch();
    }
  });
  const updated = d.store.account();
  if (!updated) throw new Error(`account ${account.id} vanished while its state changed`);
  return { account: updated, changed: true, released };
}

export type ActiveChangeDeps = Pick<
  AccountWiring,
  "store" | "db" | "now" | "live" | "stream" | "memory" | "rearm"
>;

/**
 * Deactivates or activates the account (see {@link setAccountActive}): the feed stops or opens
 * again with it, the alarm follows the schedule, and subscribed bots hear of the holds released
 * and of the sync state.
 */
export async function changeActive(
  d: ActiveChangeDeps,
  account: AccountRecord,
  active: boolean,
): Promise<RpcResult<AccountView>> {
  const now = d.now();
  const r = await setAccountActive({ store: d.store, db: d.db(), now }, account, active);
  if (!r.changed) return { ok: true, value: viewAccount(d, r.account) };
  if (active) void d.live.ensure();
  else d.live.stop();
  await d.rearm();
  const view = viewAccount(d, r.account);
  d.stream.publish(() => [
    ...r.released.map((h) => reservationChanged(reservationView(account.id, h), "released", now)),
    ...(r.released.length ? [balancesChanged(r.account, d.store, now)] : []),
    syncStateEvent(account.id, view.sync, now),
  ]);
  return { ok: true, value: view };
}

/** What an inactive account answers to a trade check, a hold or a sync. */
export function inactiveRefusal(accountId: string, what: string): { ok: false; error: RpcError } {
  return {
    ok: false,
    error: {
      code: "CONFLICT",
      message: `account ${accountId} is inactive: no ${what} until it is activated (POST /v1/accounts/${accountId}/activate)`,
      details: { reason: "ACCOUNT_INACTIVE", accountId },
    },
  };
}

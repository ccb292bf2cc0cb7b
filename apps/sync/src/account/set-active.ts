import { type Db, updateAccountRow } from "@portfolio/db";
import type { RpcError } from "../rpc-types.js";
import { SYNC_JOB } from "../schedule/sync-job.js";
import type { AccountRecord, AccountStore, ReservationRecord } from "../storage/account-store.js";

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

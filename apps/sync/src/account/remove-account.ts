import { markAccountDeleted, purgeAccount } from "@portfolio/db";
import type { DeleteOptions, RpcResult } from "../rpc-types.js";
import type { AccountRecord } from "../storage/account-store.js";
import type { AccountWiring } from "./wiring.js";

export type RemovalDeps = Pick<
  AccountWiring,
  "store" | "storage" | "db" | "outbox" | "stream" | "live" | "memory" | "rearm" | "forget"
>;

/**
 * Deletes the account `account` of its owner, as AccountDO.remove describes: closing from the
 * start, so nothing new begins; D1 first, and if D1 cannot be reached, nothing is deleted and
 * the schedule goes on.
 */
export async function removeAccount(
  d: RemovalDeps,
  account: AccountRecord,
  opts: DeleteOptions,
): Promise<RpcResult<{ deleted: true }>> {
  d.memory.closing = true;
  try {
    // no alarm starts a sync any more (closing); wait for any that started before
    while (d.memory.inflight) await d.memory.inflight;
    if (opts.purge) await d.outbox.settle();
    else await d.outbox.flush();
    while (d.memory.inflight) await d.memory.inflight;
    const db = d.db();
    if (opts.purge) await purgeAccount(db, account.id);
    else await markAccountDeleted(db, account.id, new Date());
  } catch (cause) {
    d.memory.closing = false;
    // an alarm that came while closing did nothing: the schedule goes on
    await d.rearm();
    console.error(
      JSON.stringify({ event: "delete_failed", accountId: account.id, error: String(cause) }),
    );
    return {
      ok: false,
      error: {
        code: "UNAVAILABLE",
        message: "the account's history could not reach D1: nothing was deleted, try again",
      },
    };
  }
  d.stream.closeAll("account deleted");
  d.live.stop();
  await d.storage.deleteAlarm();
  await d.storage.deleteAll();
  d.store.reset();
  d.forget();
  d.memory.rerun = false;
  d.memory.closing = false;
  console.log(
    JSON.stringify({ event: "account_deleted", accountId: account.id, purge: opts.purge }),
  );
  return { ok: true, value: { deleted: true } };
}

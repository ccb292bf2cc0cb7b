import { getRebuild } from "@portfolio/db";
import type { AccountView } from "../rpc-types.js";
import type { AccountRecord } from "../storage/account-store.js";
import type { AccountWiring } from "./wiring.js";

/**
 * How far the owner's rebuilt history has come (shared by the owner's accounts), from D1; "none"
 * when no rebuild was asked for, or when D1 cannot be read now (the view answers all the same).
 */
export async function backfillOf(
  w: Pick<AccountWiring, "db" | "snapshotBase">,
  account: AccountRecord,
): Promise<NonNullable<AccountView["backfill"]>> {
  const rebuild = await getRebuild(w.db(), account.owner, w.snapshotBase()).catch(() => null);
  return rebuild
    ? { state: rebuild.state, from: rebuild.fromDay, to: rebuild.toDay, done: rebuild.written }
    : { state: "none", from: null, to: null, done: 0 };
}

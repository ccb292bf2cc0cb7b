import type { AccountWiring } from "../account/wiring.js";
import { requestOwnerRebuild } from "./rebuild-history.js";

export type RebuildBehindDeps = Pick<
  AccountWiring,
  "db" | "prices" | "snapshotBase" | "autoRebuild" | "waitUntil"
>;

/**
 * Asks for the owner's history rebuild behind the answer (when HISTORY_REBUILD allows it): the
 * ledger changed in a way that changes the past (new history, a reorganised chain, a voided
 * fill). A failure is logged, never thrown: the next change asks again.
 */
export function rebuildBehind(d: RebuildBehindDeps, owner: string): void {
  if (!d.autoRebuild()) return;
  d.waitUntil(
    requestOwnerRebuild(d.db(), d.prices(), owner, d.snapshotBase(), Date.now).catch(
      (cause: unknown) =>
        console.error(JSON.stringify({ event: "rebuild_failed", error: String(cause) })),
    ),
  );
}

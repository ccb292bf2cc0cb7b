import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { historyRebuilds } from "../schema/history-rebuilds.js";

export type HistoryRebuildRow = typeof historyRebuilds.$inferSelect;

/** Asks for a rebuild: a new row, or the existing one set `pending` again (a running one reruns after). */
export async function requestRebuild(
  db: Db,
  owner: string,
  base: string,
  at: number,
): Promise<void> {
  await db
    .insert(historyRebuilds)
    .values({ ownerId: owner, base, state: "pending", requestedAt: at })
    .onConflictDoUpdate({
      target: [historyRebuilds.ownerId, historyRebuilds.base],
      set: {
        requestedAt: at,
        state: sql`CASE WHEN ${historyRebuilds.state} = 'running' THEN 'running' ELSE 'pending' END`,
      },
    });
}

/** Takes a pending rebuild for this worker; false when none is pending (another runs it). */
export async function claimRebuild(
  db: Db,
  owner: string,
  base: string,
  at: number,
): Promise<boolean> {
  const r = await db
    .update(historyRebuilds)
    .set({ state: "running", startedAt: at })
    .where(
      and(
        eq(historyRebuilds.ownerId, owner),
        eq(historyRebuilds.base, base),
        eq(historyRebuilds.state, "pending"),
      ),
    );
  return (r.meta.changes ?? 0) > 0;
}

/**
 * Records a run's end: `done` (or `failed`), or `pending` again when a request came after the
 * run started (its history may be newer than what was rebuilt). True when it must run again.
 */
export async function finishRebuild(
  db: Db,
  owner: string,
  base: string,
  at: number,
  r: { fromDay: string | null; toDay: string | null; written: number } | { error: string },
): Promise<boolean> {
  const row = await getRebuild(db, owner, base);
  const again = row !== null && row.startedAt !== null && row.requestedAt > row.startedAt;
  await db
    .update(historyRebuilds)
    .set({
      state: again ? "pending" : "error" in r ? "failed" : "done",
      finishedAt: at,
      ...("error" in r
        ? { error: r.error }
        : { fromDay: r.fromDay, toDay: r.toDay, written: r.written, error: null }),
    })
    .where(and(eq(historyRebuilds.ownerId, owner), eq(historyRebuilds.base, base)));
  return again;
}

export async function getRebuild(
  db: Db,
  owner: string,
  base: string,
): Promise<HistoryRebuildRow | null> {
  return (
    (await db
      .select()
      .from(historyRebuilds)
      .where(and(eq(historyRebuilds.ownerId, owner), eq(historyRebuilds.base, base)))
      .get()) ?? null
  );
}

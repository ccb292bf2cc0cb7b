import { Dec, formatAmount } from "@portfolio/core";
import { eq, notInArray, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import * as schema from "./schema.js";

export type BalanceRecord = typeof schema.balances.$inferSelect;

export interface BalanceSnapshot {
  rows: ReadonlyMap<string, BalanceRecord>;
  /** rises with every change of any balance */
  version: number;
  /** when the platform state these balances include was read; null before the first sync */
  platformAsOf: number | null;
}

export interface PlatformState {
  asset: string;
  free: string;
  locked: string;
}

/**
 * The account's balances: the platform's last known state plus the fills it has not shown yet,
 * with a version. Reads are answered from memory: the object is the only writer of its storage,
 * and every write here updates the copy as it writes. Writes run inside
 * {@link AccountStore.atomically}, which drops every copy when the transaction fails, so memory
 * never holds what storage does not.
 */
export class BalanceBook {
  private cached: BalanceSnapshot | null = null;
  /** when the live stream last set each asset's platform state (this object's life only) */
  private readonly streamed = new Map<string, number>();

  constructor(private readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  forget(): void {
    this.cached = null;
  }

  snapshot(): BalanceSnapshot {
    if (!this.cached) {
      const rows = this.db.select().from(schema.balances).orderBy(schema.balances.asset).all();
      const state = this.db.select().from(schema.ledgerState).get();
      this.cached = {
        rows: new Map(rows.map((r) => [r.asset, r])),
        version: state?.version ?? 0,
        platformAsOf: state?.platformAsOf ?? null,
      };
    }
    return this.cached;
  }

  /** Moves `free` by each delta (a recorded or voided fill) and raises the version. */
  applyDeltas(deltas: ReadonlyMap<string, Dec>, at: number): void {
    const book = this.snapshot();
    const rows = new Map(book.rows);
    for (const [asset, delta] of deltas) {
      if (delta.isZero()) continue;
      const row = rows.get(asset) ?? {
        asset,
        free: "0",
        locked: "0",
        syncedAt: at,
        platformFree: "0",
      };
      const next = { ...row, free: formatAmount(new Dec(row.free).add(delta)) };
      this.db
        .insert(schema.balances)
        .values(next)
        .onConflictDoUpdate({ target: schema.balances.asset, set: { free: next.free } })
        .run();
      rows.set(asset, next);
    }
    this.bump(null);
    this.cached = {
      rows: new Map([...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      version: book.version + 1,
      platformAsOf: book.platformAsOf,
    };
  }

  /**
   * A sync's platform state, read at `asOf`: each asset's free becomes the platform's plus the
   * fills it has not shown yet (`unseen`), so a fill recorded while the sync ran stays applied.
   * Assets neither reported nor moved by an unseen fill are dropped.
   */
  applyPlatform(
    state: readonly PlatformState[],
    unseen: ReadonlyMap<string, Dec>,
    asOf: number,
  ): void {
    const before = this.snapshot().rows;
    this.cached = null;
    const next = new Map<string, BalanceRecord>();
    // a balance the live stream set after this state was read is newer than it: it stays
    const newer = new Set<string>();
    for (const prev of before.values())
      if ((this.streamed.get(prev.asset) ?? 0) > asOf) {
        next.set(prev.asset, prev);
        newer.add(prev.asset);
      }
    for (const b of state) {
      if (newer.has(b.asset)) continue;
      const prev = before.get(b.asset);
      const free = formatAmount(new Dec(b.free).add(unseen.get(b.asset) ?? 0));
      const same = prev && prev.platformFree === b.free && prev.locked === b.locked;
      next.set(b.asset, {
        asset: b.asset,
        free,
        locked: b.locked,
        platformFree: b.free,
        syncedAt: same ? prev.syncedAt : asOf,
      });
    }
    for (const [asset, delta] of unseen) {
      if (next.has(asset) || delta.isZero()) continue;
      next.set(asset, {
        asset,
        free: formatAmount(delta),
        locked: "0",
        platformFree: "0",
        syncedAt: asOf,
      });
    }
    const moved =
      next.size !== before.size ||
      [...next.values()].some((r) => {
        const p = before.get(r.asset);
        return !p || p.free !== r.free || p.locked !== r.locked;
      });
    const keep = [...next.keys()];
    if (keep.length === 0) this.db.delete(schema.balances).run();
    else this.db.delete(schema.balances).where(notInArray(schema.balances.asset, keep)).run();
    for (const row of next.values()) {
      const prev = before.get(row.asset);
      if (
        prev &&
        prev.free === row.free &&
        prev.locked === row.locked &&
        prev.platformFree === row.platformFree &&
        prev.syncedAt === row.syncedAt
      )
        continue;
      this.db
        .insert(schema.balances)
        .values(row)
        .onConflictDoUpdate({ target: schema.balances.asset, set: row })
        .run();
    }
    if (moved) this.bump(asOf);
    else this.db.update(schema.ledgerState).set({ platformAsOf: asOf }).run();
  }

  /**
   * The live stream's platform state of some assets, as of `asOf`: like {@link applyPlatform}
   * for those assets only (free = the platform's + the fills it has not shown yet); the others
   * keep what they have. An asset whose balance comes to nothing is dropped.
   */
  applyPlatformAssets(
    state: readonly PlatformState[],
    unseen: ReadonlyMap<string, Dec>,
    asOf: number,
  ): boolean {
    const before = this.snapshot();
    const rows = new Map(before.rows);
    let moved = false;
    for (const b of state) {
      this.streamed.set(b.asset, asOf);
      const prev = rows.get(b.asset);
      const free = formatAmount(new Dec(b.free).add(unseen.get(b.asset) ?? 0));
      if (prev && prev.free === free && prev.locked === b.locked && prev.platformFree === b.free)
        continue;
      moved = true;
      if (new Dec(free).isZero() && new Dec(b.locked).isZero()) {
        this.db.delete(schema.balances).where(eq(schema.balances.asset, b.asset)).run();
        rows.delete(b.asset);
        continue;
      }
      const row = { asset: b.asset, free, locked: b.locked, platformFree: b.free, syncedAt: asOf };
      this.db
        .insert(schema.balances)
        .values(row)
        .onConflictDoUpdate({ target: schema.balances.asset, set: row })
        .run();
      rows.set(b.asset, row);
    }
    if (!moved) return false;
    this.bump(null);
    this.cached = {
      rows: new Map([...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      version: before.version + 1,
      platformAsOf: before.platformAsOf,
    };
    return true;
  }

  /** The assets whose platform state differs from what is stored (for the balance history). */
  platformChanges(state: readonly PlatformState[]): PlatformState[] {
    const before = this.snapshot().rows;
    return state.filter((b) => {
      const prev = before.get(b.asset);
      return !prev || prev.platformFree !== b.free || prev.locked !== b.locked;
    });
  }

  /** A hold was made, shrunk or released: what is available changed, so the version rises. */
  touch(): void {
    const book = this.snapshot();
    this.bump(null);
    this.cached = { ...book, version: book.version + 1 };
  }

  private bump(platformAsOf: number | null): void {
    this.db
      .update(schema.ledgerState)
      .set({
        version: sql`${schema.ledgerState.version} + 1`,
        ...(platformAsOf === null ? {} : { platformAsOf }),
      })
      .where(eq(schema.ledgerState.id, 1))
      .run();
  }
}

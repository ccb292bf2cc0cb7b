import { eq, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import * as schema from "./schema.js";

export type ReservationRecord = typeof schema.reservations.$inferSelect;

/**
 * Holds for bots' pending orders. Reads come from memory and skip expired holds without
 * writing; expired rows are deleted on the next write (or by the alarm). Writes update the copy
 * as they write and run inside {@link AccountStore.atomically}, which drops it on failure.
 */
export class ReservationStore {
  private cached: ReservationRecord[] | null = null;

  constructor(private readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  forget(): void {
    this.cached = null;
  }

  /** The stored holds as one array, the same array until a write replaces it. */
  all(): readonly ReservationRecord[] {
    this.cached ??= this.db.select().from(schema.reservations).all();
    return this.cached;
  }

  /** Holds not yet expired at `now`, oldest first. */
  active(now: number): ReservationRecord[] {
    return this.all()
      .filter((r) => r.expiresAt > now)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  get(id: string, now: number): ReservationRecord | undefined {
    return this.all().find((r) => r.id === id && r.expiresAt > now);
  }

  byRef(ref: string, now: number): ReservationRecord | undefined {
    return this.all().find((r) => r.ref === ref && r.expiresAt > now);
  }

  /** Deletes holds expired at `now`; true when there were any. */
  purgeExpired(now: number): boolean {
    const all = this.all();
    if (!all.some((r) => r.expiresAt <= now)) return false;
    this.db.delete(schema.reservations).where(lte(schema.reservations.expiresAt, now)).run();
    this.cached = all.filter((r) => r.expiresAt > now);
    return true;
  }

  insert(row: ReservationRecord): void {
    const all = this.all();
    this.db.insert(schema.reservations).values(row).run();
    this.cached = [...all, row];
  }

  /** What is still held becomes `amount`. */
  setAmount(id: string, amount: string): void {
    const all = this.all();
    this.db.update(schema.reservations).set({ amount }).where(eq(schema.reservations.id, id)).run();
    this.cached = all.map((r) => (r.id === id ? { ...r, amount } : r));
  }

  delete(id: string): void {
    const all = this.all();
    this.db.delete(schema.reservations).where(eq(schema.reservations.id, id)).run();
    this.cached = all.filter((r) => r.id !== id);
  }

  /** Deletes every hold; answers the ones still live at `now`. */
  clear(now: number): ReservationRecord[] {
    const live = this.active(now);
    this.db.delete(schema.reservations).run();
    this.cached = [];
    return live;
  }
}

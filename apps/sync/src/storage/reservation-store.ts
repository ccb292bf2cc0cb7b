import { eq, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import * as schema from "./schema.js";

export type ReservationRecord = typeof schema.reservations.$inferSelect;

/**
 * Holds for bots' pending orders. Reads come from memory and skip expired holds without
 * writing; expired rows are deleted on the next write (or by the alarm).
 */
export class ReservationStore {
  private cached: ReservationRecord[] | null = null;

  constructor(private readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  forget(): void {
    this.cached = null;
  }

  private all(): ReservationRecord[] {
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
    if (!this.all().some((r) => r.expiresAt <= now)) return false;
    this.cached = null;
    this.db.delete(schema.reservations).where(lte(schema.reservations.expiresAt, now)).run();
    return true;
  }

  insert(row: ReservationRecord): void {
    this.cached = null;
    this.db.insert(schema.reservations).values(row).run();
  }

  /** What is still held becomes `amount`. */
  setAmount(id: string, amount: string): void {
    this.cached = null;
    this.db.update(schema.reservations).set({ amount }).where(eq(schema.reservations.id, id)).run();
  }

  delete(id: string): void {
    this.cached = null;
    this.db.delete(schema.reservations).where(eq(schema.reservations.id, id)).run();
  }

  /** The earliest expiry still ahead, for the alarm's clean-up. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const r of this.all()) if (next === null || r.expiresAt < next) next = r.expiresAt;
    return next;
  }
}

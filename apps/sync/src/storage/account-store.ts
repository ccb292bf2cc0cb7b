import { Dec, formatAmount } from "@portfolio/core";
import { chunkRows } from "@portfolio/db";
import { and, eq, gt, lt, lte } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema.js";

export type AccountRecord = typeof schema.account.$inferSelect;
export type BalanceRecord = typeof schema.balances.$inferSelect;
export type JobRecord = typeof schema.jobs.$inferSelect;
export type PriceRecord = typeof schema.prices.$inferSelect;
export type ReservationRecord = typeof schema.reservations.$inferSelect;

/**
 * The account Durable Object's own storage, through Drizzle on its SQLite. Every method is a
 * synchronous SQLite call inside the object, so a sequence of them without an await between is
 * atomic with respect to other requests to the same object.
 */
export class AccountStore {
  readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(storage: DurableObjectStorage) {
    this.db = drizzle(storage, { schema });
  }

  async migrate(): Promise<void> {
    await migrate(this.db, migrations);
  }

  account(): AccountRecord | undefined {
    return this.db.select().from(schema.account).get();
  }

  insertAccount(row: AccountRecord): void {
    this.db.insert(schema.account).values(row).run();
  }

  deleteAccount(): void {
    this.db.delete(schema.account).run();
    this.db.delete(schema.jobs).run();
  }

  balances(): BalanceRecord[] {
    return this.db.select().from(schema.balances).orderBy(schema.balances.asset).all();
  }

  /** Replaces current balances with a sync's result (assets no longer reported are dropped). */
  replaceBalances(rows: BalanceRecord[]): void {
    this.db.delete(schema.balances).run();
    for (const chunk of chunkRows(rows, 4)) this.db.insert(schema.balances).values(chunk).run();
  }

  /** Applies a recorded fill to `free`, never below zero (the next sync restores platform truth). */
  applyToFree(deltas: ReadonlyMap<string, Dec>, at: number): void {
    const current = new Map(this.balances().map((b) => [b.asset, b]));
    for (const [asset, delta] of deltas) {
      const row = current.get(asset);
      const free = Dec.max(new Dec(row?.free ?? "0").add(delta), 0);
      this.db
        .insert(schema.balances)
        .values({
          asset,
          free: formatAmount(free),
          locked: row?.locked ?? "0",
          syncedAt: row?.syncedAt ?? at,
        })
        .onConflictDoUpdate({ target: schema.balances.asset, set: { free: formatAmount(free) } })
        .run();
    }
  }

  /** Reservations not yet expired at `now`; expired ones are deleted on the way. */
  activeReservations(now: number): ReservationRecord[] {
    this.db.delete(schema.reservations).where(lte(schema.reservations.expiresAt, now)).run();
    return this.db
      .select()
      .from(schema.reservations)
      .where(gt(schema.reservations.expiresAt, now))
      .all();
  }

  insertReservation(row: ReservationRecord): void {
    this.db.insert(schema.reservations).values(row).run();
  }

  /** Deletes an active reservation; false when there is none with that id. */
  deleteReservation(id: string, now: number): boolean {
    const deleted = this.db
      .delete(schema.reservations)
      .where(and(eq(schema.reservations.id, id), gt(schema.reservations.expiresAt, now)))
      .returning({ id: schema.reservations.id })
      .all();
    return deleted.length > 0;
  }

  prices(): PriceRecord[] {
    return this.db.select().from(schema.prices).all();
  }

  replacePrices(rows: PriceRecord[]): void {
    this.db.delete(schema.prices).run();
    for (const chunk of chunkRows(rows, 4)) this.db.insert(schema.prices).values(chunk).run();
  }

  cursor(stream: string): string | null {
    return (
      this.db.select().from(schema.cursors).where(eq(schema.cursors.stream, stream)).get()?.value ??
      null
    );
  }

  setCursor(stream: string, value: string, at: number): void {
    this.db
      .insert(schema.cursors)
      .values({ stream, value, updatedAt: at })
      .onConflictDoUpdate({ target: schema.cursors.stream, set: { value, updatedAt: at } })
      .run();
  }

  job(name: string): JobRecord | undefined {
    return this.db.select().from(schema.jobs).where(eq(schema.jobs.name, name)).get();
  }

  saveJob(row: JobRecord): void {
    this.db
      .insert(schema.jobs)
      .values(row)
      .onConflictDoUpdate({ target: schema.jobs.name, set: row })
      .run();
  }

  /**
   * Remembers a webhook event; false when it was seen before. Events older than `keepMs` are
   * forgotten (providers redeliver within hours, not weeks).
   */
  rememberEvent(id: string, at: number, keepMs: number): boolean {
    this.db
      .delete(schema.webhookEvents)
      .where(lt(schema.webhookEvents.receivedAt, at - keepMs))
      .run();
    const r = this.db
      .insert(schema.webhookEvents)
      .values({ id, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: schema.webhookEvents.id })
      .all();
    return r.length === 1;
  }

  /** The earliest time any job is due, for the alarm; null when nothing is scheduled. */
  nextDue(): number | null {
    let next: number | null = null;
    for (const j of this.db.select().from(schema.jobs).all()) {
      if (j.nextRunAt !== null && (next === null || j.nextRunAt < next)) next = j.nextRunAt;
    }
    return next;
  }
}

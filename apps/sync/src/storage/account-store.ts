import type { JsonObject } from "@portfolio/core";
import { chunkRows } from "@portfolio/db";
import { eq, lt } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { BalanceBook } from "./balance-book.js";
import { FillStore } from "./fill-store.js";
import migrations from "./migrations/migrations.js";
import { OutboxStore } from "./outbox-store.js";
import { ReservationStore } from "./reservation-store.js";
import * as schema from "./schema.js";

export type AccountRecord = typeof schema.account.$inferSelect;
export type JobRecord = typeof schema.jobs.$inferSelect;
export type PriceRecord = typeof schema.prices.$inferSelect;
export type SymbolRulesRecord = typeof schema.symbolRules.$inferSelect;
export type { BalanceRecord } from "./balance-book.js";
export type { ReservationRecord } from "./reservation-store.js";

/**
 * The account Durable Object's own storage, through Drizzle on its SQLite. Every method is a
 * synchronous SQLite call inside the object, so a sequence of them without an await between is
 * atomic with respect to other requests to the same object; {@link AccountStore.atomically}
 * also makes it all-or-nothing. What the hot path reads (the account, its jobs, balances and
 * holds) is kept in memory and dropped by every write that changes it.
 *
 * Nothing is written until the account is registered: an object addressed by an unknown id
 * creates no storage.
 */
const stores = new WeakMap<DurableObjectStorage, AccountStore>();

export class AccountStore {
  /**
   * The one store of an object's storage. Its in-memory copies are only right while every
   * write goes through it, so the object and anything running inside it share this instance.
   */
  static of(storage: DurableObjectStorage): AccountStore {
    let store = stores.get(storage);
    if (!store) {
      store = new AccountStore(storage);
      stores.set(storage, store);
    }
    return store;
  }

  readonly db: DrizzleSqliteDODatabase<typeof schema>;
  readonly balances: BalanceBook;
  readonly fills: FillStore;
  readonly reservations: ReservationStore;
  readonly outbox: OutboxStore;
  private isRegistered = false;
  private cachedAccount: AccountRecord | undefined | null = null;
  private readonly cachedJobs = new Map<string, JobRecord | undefined>();
  /** the earliest due job, as last read (undefined: read it again) */
  private cachedNextDue: number | null | undefined;

  private constructor(private readonly storage: DurableObjectStorage) {
    this.db = drizzle(storage, { schema });
    this.balances = new BalanceBook(this.db);
    this.fills = new FillStore(this.db);
    this.reservations = new ReservationStore(this.db);
    this.outbox = new OutboxStore(this.db);
  }

  /** Brings an existing account's storage up to date; an unregistered object stays empty. */
  async open(): Promise<void> {
    const tables = this.storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'")
      .toArray();
    if (tables.length === 0) return;
    await migrate(this.db, migrations);
    this.isRegistered = true;
  }

  /** Creates the schema for a new account. */
  async create(): Promise<void> {
    await migrate(this.db, migrations);
    this.isRegistered = true;
  }

  /** Whether the account's schema exists (it was registered); nothing is stored before. */
  get registered(): boolean {
    return this.isRegistered;
  }

  /** Runs `fn` as one storage transaction: all of its writes happen, or none. */
  atomically<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (e) {
      this.forget();
      throw e;
    }
  }

  /** Drops every in-memory copy; the next read loads from storage. */
  forget(): void {
    this.cachedAccount = null;
    this.cachedJobs.clear();
    this.cachedNextDue = undefined;
    this.balances.forget();
    this.reservations.forget();
    this.outbox.forget();
  }

  account(): AccountRecord | undefined {
    if (!this.isRegistered) return undefined;
    if (this.cachedAccount === null)
      this.cachedAccount = this.db.select().from(schema.account).get();
    return this.cachedAccount;
  }

  insertAccount(row: AccountRecord): void {
    this.cachedAccount = null;
    this.db.insert(schema.account).values(row).run();
  }

  /** Stores the account's config and sealed credentials anew (see openAccountSecrets). */
  replaceSecrets(update: { config: JsonObject; credentials: string | null }): void {
    this.cachedAccount = null;
    this.db.update(schema.account).set(update).run();
  }

  /** Changes the stored account (name, metadata, config, sealed credentials, schedule, state). */
  updateAccount(change: Partial<Omit<AccountRecord, "id" | "owner" | "provider" | "type">>): void {
    this.cachedAccount = null;
    this.db.update(schema.account).set(change).run();
  }

  /**
   * The object's storage was deleted (the account with it, see AccountDO.remove): from now on
   * the object is unregistered and every copy in memory is gone.
   */
  reset(): void {
    this.isRegistered = false;
    this.forget();
  }

  /**
   * Removes everything the object stored, schema included, and forgets it: a registration that
   * could not be completed (D1 refused the listing) leaves no persistent object behind.
   */
  async erase(): Promise<void> {
    await this.storage.deleteAll();
    this.reset();
  }

  prices(): PriceRecord[] {
    return this.db.select().from(schema.prices).all();
  }

  replacePrices(rows: PriceRecord[]): void {
    this.db.delete(schema.prices).run();
    for (const chunk of chunkRows(rows, 4)) this.db.insert(schema.prices).values(chunk).run();
  }

  symbolRules(pair: string): SymbolRulesRecord | undefined {
    return this.db.select().from(schema.symbolRules).where(eq(schema.symbolRules.pair, pair)).get();
  }

  saveSymbolRules(row: SymbolRulesRecord): void {
    this.db
      .insert(schema.symbolRules)
      .values(row)
      .onConflictDoUpdate({ target: schema.symbolRules.pair, set: row })
      .run();
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
    if (!this.isRegistered) return undefined;
    if (!this.cachedJobs.has(name))
      this.cachedJobs.set(
        name,
        this.db.select().from(schema.jobs).where(eq(schema.jobs.name, name)).get(),
      );
    return this.cachedJobs.get(name);
  }

  saveJob(row: JobRecord): void {
    this.cachedJobs.delete(row.name);
    this.cachedNextDue = undefined;
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

  /**
   * The earliest time any job is due, for the alarm; null when nothing is scheduled. Kept in
   * memory until a job is saved: the alarm is re-checked after every fill.
   */
  nextDue(): number | null {
    if (!this.isRegistered) return null;
    if (this.cachedNextDue === undefined) {
      let next: number | null = null;
      for (const j of this.db.select().from(schema.jobs).all()) {
        if (j.nextRunAt !== null && (next === null || j.nextRunAt < next)) next = j.nextRunAt;
      }
      this.cachedNextDue = next;
    }
    return this.cachedNextDue;
  }
}

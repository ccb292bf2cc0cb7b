import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  lt,
  lte,
  ne,
  notInArray,
  or,
} from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema.js";

export type EndpointRecord = typeof schema.endpoints.$inferSelect;
export type EventRecord = typeof schema.events.$inferSelect;
export type DeliveryRecord = typeof schema.deliveries.$inferSelect;
export type DeliveryPatch = Partial<
  Pick<DeliveryRecord, "state" | "attempts" | "lastStatus" | "lastError" | "nextAttemptAt">
>;

/** A page position: the last row shown, newest first. */
export interface DeliveryKey {
  createdAt: number;
  id: string;
}

const stores = new WeakMap<DurableObjectStorage, WebhookStore>();

/**
 * The webhook object's own SQLite, through Drizzle. Every method is synchronous, so a sequence
 * of them without an await between is atomic for the object; {@link atomically} makes it
 * all-or-nothing. The endpoints (at most 20) are kept in memory: every published event reads
 * them. Nothing is written before the owner's first endpoint, so publishing to an owner without
 * webhooks stores nothing.
 */
export class WebhookStore {
  /** The one store of an object's storage, shared by the object and anything run inside it. */
  static of(storage: DurableObjectStorage): WebhookStore {
    let store = stores.get(storage);
    if (!store) {
      store = new WebhookStore(storage);
      stores.set(storage, store);
    }
    return store;
  }

  readonly db: DrizzleSqliteDODatabase<typeof schema>;
  private ready = false;
  private cachedOwner: string | null = null;
  private cachedEndpoints: EndpointRecord[] | null = null;

  private constructor(private readonly storage: DurableObjectStorage) {
    this.db = drizzle(storage, { schema });
  }

  /** Brings existing storage up to date; an object that never had an endpoint stays empty. */
  async open(): Promise<void> {
    const tables = this.storage.sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'owner'")
      .toArray();
    if (tables.length === 0) return;
    await migrate(this.db, migrations);
    this.ready = true;
  }

  /** Creates the schema for `owner`'s first endpoint. */
  async create(owner: string, now: number): Promise<void> {
    if (this.ready) return;
    await migrate(this.db, migrations);
    this.db
      .insert(schema.owner)
      .values({ id: 1, owner, createdAt: now })
      .onConflictDoNothing()
      .run();
    this.ready = true;
  }

  /** Whether this object holds `owner`'s endpoints (false before the first one). */
  ownedBy(owner: string): boolean {
    if (!this.ready) return false;
    this.cachedOwner ??= this.db.select().from(schema.owner).get()?.owner ?? null;
    return this.cachedOwner === owner;
  }

  get created(): boolean {
    return this.ready;
  }

  atomically<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (e) {
      this.cachedEndpoints = null;
      throw e;
    }
  }

  // endpoints

  endpoints(): EndpointRecord[] {
    if (!this.ready) return [];
    this.cachedEndpoints ??= this.db
      .select()
      .from(schema.endpoints)
      .orderBy(asc(schema.endpoints.createdAt), asc(schema.endpoints.id))
      .all();
    return this.cachedEndpoints;
  }

  endpoint(id: string): EndpointRecord | undefined {
    return this.endpoints().find((e) => e.id === id);
  }

  insertEndpoint(row: EndpointRecord): void {
    this.cachedEndpoints = null;
    this.db.insert(schema.endpoints).values(row).run();
  }

  /** Stores a secret sealed anew (under the key that seals now). */
  replaceSecret(id: string, secret: string): void {
    this.cachedEndpoints = null;
    this.db.update(schema.endpoints).set({ secret }).where(eq(schema.endpoints.id, id)).run();
  }

  /** Deletes an endpoint and its deliveries; true when there was one. */
  deleteEndpoint(id: string): boolean {
    if (!this.endpoint(id)) return false;
    this.cachedEndpoints = null;
    this.db.delete(schema.deliveries).where(eq(schema.deliveries.endpointId, id)).run();
    this.db.delete(schema.endpoints).where(eq(schema.endpoints.id, id)).run();
    return true;
  }

  /** Switches an endpoint off; its pending deliveries fail with `reason`. */
  disableEndpoint(id: string, reason: string, now: number): void {
    this.cachedEndpoints = null;
    this.db
      .update(schema.endpoints)
      .set({ active: false, disabledReason: reason, updatedAt: now })
      .where(eq(schema.endpoints.id, id))
      .run();
    this.db
      .update(schema.deliveries)
      .set({ state: "failed", lastError: reason, nextAttemptAt: null, updatedAt: now })
      .where(and(eq(schema.deliveries.endpointId, id), eq(schema.deliveries.state, "pending")))
      .run();
  }

  // events and deliveries

  hasEvent(id: string): boolean {
    return (
      this.db
        .select({ id: schema.events.id })
        .from(schema.events)
        .where(eq(schema.events.id, id))
        .get() !== undefined
    );
  }

  event(id: string): EventRecord | undefined {
    return this.db.select().from(schema.events).where(eq(schema.events.id, id)).get();
  }

  insertEvent(row: EventRecord): void {
    this.db.insert(schema.events).values(row).run();
  }

  insertDelivery(row: DeliveryRecord): void {
    this.db.insert(schema.deliveries).values(row).onConflictDoNothing().run();
  }

  delivery(id: string): DeliveryRecord | undefined {
    return this.db.select().from(schema.deliveries).where(eq(schema.deliveries.id, id)).get();
  }

  updateDelivery(id: string, patch: DeliveryPatch, now: number): void {
    this.db
      .update(schema.deliveries)
      .set({ ...patch, updatedAt: now })
      .where(eq(schema.deliveries.id, id))
      .run();
  }

  /** Pending deliveries due at `now`, the longest waiting first. */
  due(now: number, limit: number): DeliveryRecord[] {
    if (!this.ready) return [];
    return this.db
      .select()
      .from(schema.deliveries)
      .where(and(eq(schema.deliveries.state, "pending"), lte(schema.deliveries.nextAttemptAt, now)))
      .orderBy(asc(schema.deliveries.nextAttemptAt))
      .limit(limit)
      .all();
  }

  /** When the next pending delivery is due, or null when none is pending. */
  nextDue(): number | null {
    if (!this.ready) return null;
    const row = this.db
      .select({ at: schema.deliveries.nextAttemptAt })
      .from(schema.deliveries)
      .where(
        and(eq(schema.deliveries.state, "pending"), isNotNull(schema.deliveries.nextAttemptAt)),
      )
      .orderBy(asc(schema.deliveries.nextAttemptAt))
      .limit(1)
      .get();
    return row?.at ?? null;
  }

  /** An endpoint's deliveries, newest first, after `before` (exclusive). */
  deliveries(
    endpointId: string,
    opts: { state?: DeliveryRecord["state"]; before: DeliveryKey | null; limit: number },
  ): DeliveryRecord[] {
    const d = schema.deliveries;
    const { before } = opts;
    return this.db
      .select()
      .from(d)
      .where(
        and(
          eq(d.endpointId, endpointId),
          opts.state ? eq(d.state, opts.state) : undefined,
          before
            ? or(
                lt(d.createdAt, before.createdAt),
                and(eq(d.createdAt, before.createdAt), lt(d.id, before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(opts.limit)
      .all();
  }

  /**
   * Keeps the delivery history within its bounds: finished rows (delivered or failed) older than
   * `maxAgeMs` go, then the oldest finished beyond `maxRows`; a delivery still pending is never
   * dropped (its retries end within a day). Events no delivery refers to any more go with them.
   */
  prune(now: number, maxAgeMs: number, maxRows: number): void {
    if (!this.ready) return;
    const d = schema.deliveries;
    const finished = ne(d.state, "pending");
    this.db
      .delete(d)
      .where(and(finished, lt(d.createdAt, now - maxAgeMs)))
      .run();
    const rows = this.db.select({ n: count() }).from(d).get()?.n ?? 0;
    if (rows > maxRows) {
      const oldest = this.db
        .select({ id: d.id })
        .from(d)
        .where(finished)
        .orderBy(asc(d.createdAt), asc(d.id))
        .limit(rows - maxRows)
        .all()
        .map((r) => r.id);
      for (let i = 0; i < oldest.length; i += 500)
        this.db
          .delete(d)
          .where(inArray(d.id, oldest.slice(i, i + 500)))
          .run();
    }
    this.db
      .delete(schema.events)
      .where(notInArray(schema.events.id, this.db.select({ id: d.eventId }).from(d)))
      .run();
  }
}

import { asc, count, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import * as schema from "./schema.js";

export type OutboxRecord = typeof schema.outbox.$inferSelect;

/** History the object owes D1, oldest first. */
export class OutboxStore {
  private size: number | null = null;

  constructor(private readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  forget(): void {
    this.size = null;
  }

  append(kind: OutboxRecord["kind"], payload: Record<string, unknown>, at: number): void {
    this.db.insert(schema.outbox).values({ kind, payload, createdAt: at }).run();
    if (this.size !== null) this.size++;
  }

  oldest(limit: number): OutboxRecord[] {
    return this.db.select().from(schema.outbox).orderBy(asc(schema.outbox.seq)).limit(limit).all();
  }

  /** Drops the `count` oldest entries, up to `seq`, once D1 has them. */
  ack(seq: number, count: number): void {
    this.db.delete(schema.outbox).where(lte(schema.outbox.seq, seq)).run();
    if (this.size !== null) this.size = Math.max(0, this.size - count);
  }

  pending(): number {
    this.size ??= this.db.select({ n: count() }).from(schema.outbox).get()?.n ?? 0;
    return this.size;
  }
}

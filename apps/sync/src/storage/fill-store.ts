import type { BookedFill } from "@portfolio/adapters";
import { Dec, type TransactionInput } from "@portfolio/core";
import { and, eq, gte, inArray, isNotNull, lte, or } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import * as schema from "./schema.js";

export type FillRecord = typeof schema.fills.$inferSelect;

/** The ids by which a platform's history row can be recognised as a recorded fill. */
export interface HistoryKeys {
  txId: string;
  asset: string;
  tradeId: string | null;
  orderId: string | null;
}

/** What a history row says about itself: its txId, and the trade and order ids in its metadata. */
export function historyKeys(tx: TransactionInput): HistoryKeys {
  const id = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  return {
    txId: tx.txId,
    asset: tx.asset,
    tradeId: id(tx.metadata.tradeId),
    orderId: id(tx.metadata.orderId),
  };
}

/** Whether a platform's history row is the trade a fill recorded. */
export function showsFill(row: HistoryKeys, fill: FillRecord): boolean {
  if (row.txId === fill.txId) return true;
  if (fill.tradeId !== null && row.tradeId === fill.tradeId) return true;
  // order ids are per market: the same id on another asset is another order
  return fill.orderId !== null && row.orderId === fill.orderId && row.asset === fill.tx.asset;
}

/** Fills bots recorded, and which of them the platform has shown. */
export class FillStore {
  constructor(private readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  get(txId: string): FillRecord | undefined {
    return this.db.select().from(schema.fills).where(eq(schema.fills.txId, txId)).get();
  }

  insert(row: FillRecord): void {
    this.db.insert(schema.fills).values(row).run();
  }

  unseen(): FillRecord[] {
    return this.db.select().from(schema.fills).where(eq(schema.fills.state, "unseen")).all();
  }

  /** Σ deltas of the fills the platform has not shown yet, per asset. */
  unseenDeltas(): Map<string, Dec> {
    const out = new Map<string, Dec>();
    for (const f of this.unseen())
      for (const [asset, d] of Object.entries(f.deltas))
        out.set(asset, (out.get(asset) ?? new Dec(0)).add(d));
    return out;
  }

  /**
   * Marks as seen every unseen fill that one of `rows` shows; returns their txIds. From then on
   * the platform's balances, read after this history, include them.
   */
  markShown(rows: readonly HistoryKeys[]): string[] {
    if (rows.length === 0) return [];
    const unseen = this.unseen();
    if (unseen.length === 0) return [];
    const shown = unseen.filter((f) => rows.some((r) => showsFill(r, f))).map((f) => f.txId);
    if (shown.length)
      this.db
        .update(schema.fills)
        .set({ state: "seen" })
        .where(inArray(schema.fills.txId, shown))
        .run();
    return shown;
  }

  markVoid(txId: string, at: number): void {
    this.db
      .update(schema.fills)
      .set({ state: "void", voidedAt: at })
      .where(eq(schema.fills.txId, txId))
      .run();
  }

  /** Fills booked or voided in [fromMs, toMs], by booking time, for platforms whose ledger we keep. */
  booked(fromMs: number, toMs: number): BookedFill[] {
    const f = schema.fills;
    return this.db
      .select()
      .from(f)
      .where(
        or(
          and(gte(f.bookedAt, fromMs), lte(f.bookedAt, toMs)),
          and(isNotNull(f.voidedAt), gte(f.voidedAt, fromMs), lte(f.voidedAt, toMs)),
        ),
      )
      .orderBy(f.bookedAt, f.recordedAt)
      .all()
      .map((r) => ({ tx: r.tx as TransactionInput, bookedAt: r.bookedAt, voidedAt: r.voidedAt }));
  }
}

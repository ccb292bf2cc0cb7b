import type { BookedFill } from "@portfolio/adapters";
import { Dec, type TransactionInput } from "@portfolio/core";
import { chunkRows } from "@portfolio/db";
import { and, eq, gte, inArray, isNotNull, lt, lte, or } from "drizzle-orm";
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

/**
 * What a history row says about itself: its txId, and the trade and order ids in its metadata
 * (on a chain the transaction hash is the trade id a bot knows).
 */
export function historyKeys(tx: TransactionInput): HistoryKeys {
  const id = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  return {
    txId: tx.txId,
    asset: tx.asset,
    tradeId: id(tx.metadata.tradeId) ?? id(tx.metadata.txHash),
    orderId: id(tx.metadata.orderId),
  };
}

/**
 * The keys under which a history row is remembered, and a late fill looked up: its txId and its
 * trade id on its asset (trade ids are per market on Binance). Not the order id: an order's
 * parts share it, and a part seen must not hide another.
 */
export function keysOf(k: HistoryKeys): string[] {
  const keys = [`x:${k.txId}`];
  if (k.tradeId !== null) keys.push(`t:${k.asset}:${k.tradeId}`);
  return keys;
}

/** How long the platform's trades are remembered for fills reported late. */
export const PLATFORM_MEMORY_MS = 7 * 86_400_000;

/** Whether a platform's history row is the trade a fill recorded. */
export function showsFill(row: HistoryKeys, fill: FillRecord): boolean {
  if (row.txId === fill.txId) return true;
  // trade and order ids are per market: the same id on another asset is another trade
  if (row.asset !== fill.tx.asset) return false;
  if (fill.tradeId !== null) return row.tradeId === fill.tradeId;
  return fill.orderId !== null && row.orderId === fill.orderId;
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
   * Marks as seen every unseen fill that one of `rows` shows, and answers each with the
   * platform's row that showed it. From then on the platform's balances, read after this
   * history, include them.
   */
  markShown(rows: readonly HistoryKeys[]): { txId: string; by: string }[] {
    if (rows.length === 0) return [];
    const unseen = this.unseen();
    if (unseen.length === 0) return [];
    // one platform row shows one fill: two recorded parts of an order need two of its trades
    const used = new Set<number>();
    const shown = unseen.flatMap((f) => {
      const i = rows.findIndex((r, j) => !used.has(j) && showsFill(r, f));
      if (i < 0) return [];
      used.add(i);
      return [{ txId: f.txId, by: (rows[i] as HistoryKeys).txId }];
    });
    if (shown.length)
      this.db
        .update(schema.fills)
        .set({ state: "seen" })
        .where(
          inArray(
            schema.fills.txId,
            shown.map((s) => s.txId),
          ),
        )
        .run();
    return shown;
  }

  /**
   * Remembers the trades of a history page from the last {@link PLATFORM_MEMORY_MS} (older
   * ones, and older memories, are forgotten), so a fill reported after its trade was read is
   * recognised.
   */
  rememberShown(rows: readonly (HistoryKeys & { at: number })[], now: number): void {
    const since = now - PLATFORM_MEMORY_MS;
    const keys = rows
      .filter((r) => r.at >= since)
      .flatMap((r) => keysOf(r).map((key) => ({ key, txId: r.txId, at: r.at })));
    for (const chunk of chunkRows(keys, 3))
      this.db.insert(schema.platformKeys).values(chunk).onConflictDoNothing().run();
    this.db.delete(schema.platformKeys).where(lt(schema.platformKeys.at, since)).run();
  }

  /** The platform's row that already showed a trade with one of these keys, if any. */
  shownAs(keys: readonly string[]): string | null {
    const hit = this.db
      .select({ txId: schema.platformKeys.txId })
      .from(schema.platformKeys)
      .where(inArray(schema.platformKeys.key, [...keys]))
      .get();
    return hit?.txId ?? null;
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

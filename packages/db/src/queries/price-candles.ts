import type { Candle } from "@portfolio/core";
import { parseAmount } from "@portfolio/core";
import { and, eq, gte, inArray, lte, max, sql } from "drizzle-orm";
import { chunkRows, type Db } from "../client.js";
import { priceCandles } from "../schema/price-candles.js";

export type CandleRow = typeof priceCandles.$inferInsert;

const CANDLE_COLUMNS = 10;

/** Stores candles; one already stored (same pair, source, interval, open) is replaced: its close moves until it closes. */
export async function upsertCandles(db: Db, rows: CandleRow[]): Promise<void> {
  const statements = chunkRows(rows, CANDLE_COLUMNS).map((chunk) =>
    db
      .insert(priceCandles)
      .values(chunk)
      .onConflictDoUpdate({
        target: [
          priceCandles.base,
          priceCandles.quote,
          priceCandles.source,
          priceCandles.interval,
          priceCandles.openTime,
        ],
        // the incoming row's values (SQLite's `excluded`): a candle still open moves
        set: {
          closeTime: sql`excluded.close_time`,
          high: sql`excluded.high`,
          low: sql`excluded.low`,
          close: sql`excluded.close`,
        },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** The candles of `pairs` (as "BASE/QUOTE") at `interval` closed in [fromMs, toMs], as core's Candle. */
export async function candlesBetween(
  db: Db,
  pairs: string[],
  interval: string,
  fromMs: number,
  toMs: number,
): Promise<Candle[]> {
  if (pairs.length === 0) return [];
  const bases = [...new Set(pairs.map((p) => p.split("/")[0] as string))];
  const rows = await db
    .select()
    .from(priceCandles)
    .where(
      and(
        inArray(priceCandles.base, bases),
        eq(priceCandles.interval, interval),
        gte(priceCandles.closeTime, fromMs),
        lte(priceCandles.closeTime, toMs),
      ),
    );
  const wanted = new Set(pairs);
  return rows
    .filter((r) => wanted.has(`${r.base}/${r.quote}`))
    .map((r) => ({
      base: r.base,
      quote: r.quote,
      source: r.source,
      interval: r.interval,
      closeTime: r.closeTime,
      close: parseAmount(r.close),
    }));
}

/** The open time of the last stored candle of a pair, source and interval, or null. */
export async function lastCandleOpen(
  db: Db,
  pair: { base: string; quote: string; source: string; interval: string },
): Promise<number | null> {
  const r = await db
    .select({ open: max(priceCandles.openTime) })
    .from(priceCandles)
    .where(
      and(
        eq(priceCandles.base, pair.base),
        eq(priceCandles.quote, pair.quote),
        eq(priceCandles.source, pair.source),
        eq(priceCandles.interval, pair.interval),
      ),
    )
    .get();
  return r?.open ?? null;
}

/**
 * The last candle at `interval` closed since `sinceMs` of every pair of the sources whose name
 * starts with `sourcePrefix` ("uniswap-" for the pools the EVM accounts read), as core's Candle:
 * the price graph's current quotes of markets no ticker covers.
 */
export async function latestCandles(
  db: Db,
  sourcePrefix: string,
  interval: string,
  sinceMs: number,
): Promise<Candle[]> {
  const rows = await db.all<{
    base: string;
    quote: string;
    source: string;
    close_time: number;
    close: string;
  }>(
    // SQLite takes a bare column's value from the row max() picked
    sql`SELECT base, quote, source, max(close_time) AS close_time, close FROM price_candles WHERE source LIKE ${`${sourcePrefix}%`} AND interval = ${interval} AND close_time >= ${sinceMs} GROUP BY base, quote, source`,
  );
  return rows.map((r) => ({
    base: r.base,
    quote: r.quote,
    source: r.source,
    interval,
    closeTime: r.close_time,
    close: parseAmount(r.close),
  }));
}

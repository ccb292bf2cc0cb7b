import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { decimalText } from "./columns.js";

/**
 * One candle of one pair from one source (Binance klines today): the price service's memory of
 * the past. A pair is `base`/`quote` as the source lists it (1 base costs `close` quote at
 * `close_time`); intervals are the source's ("1d" for all time, "1h" for recent days). Shared by
 * every owner: prices are not anyone's data.
 */
export const priceCandles = sqliteTable(
  "price_candles",
  {
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    source: text("source").notNull(),
    interval: text("interval").notNull(),
    /** epoch ms */
    openTime: integer("open_time").notNull(),
    closeTime: integer("close_time").notNull(),
    open: decimalText("open").notNull(),
    high: decimalText("high").notNull(),
    low: decimalText("low").notNull(),
    close: decimalText("close").notNull(),
  },
  (t) => [primaryKey({ columns: [t.base, t.quote, t.source, t.interval, t.openTime] })],
);

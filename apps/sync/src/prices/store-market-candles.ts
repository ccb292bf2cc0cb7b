import type { CandleCursor, PlatformAdapter } from "@portfolio/adapters";
import { type Dec, formatAmount } from "@portfolio/core";
import { type Db, upsertCandles } from "@portfolio/db";
import type { AccountStore } from "../storage/account-store.js";

/** where the account keeps how far its markets' candles were read (JSON, see CandleCursor) */
const MARKET_CANDLES = "candles:markets";

const text = (d: Dec) => formatAmount(d.toSignificantDigits(20));

/**
 * Feeds the price service the candles only this account can read (an EVM account's pools,
 * through its own node): the new closed candles go to D1's price_candles under the pool's
 * source, and the cursor moves only after D1 took them. A failure is logged and tried again at
 * the next sync; the account's own sync never fails on it. Returns the candles stored.
 */
export async function storeMarketCandles(
  adapter: PlatformAdapter,
  store: AccountStore,
  db: Db,
  now: number,
): Promise<number> {
  if (!adapter.marketCandles) return 0;
  const saved = store.cursor(MARKET_CANDLES);
  const cursors = saved ? (JSON.parse(saved) as Record<string, CandleCursor>) : {};
  const r = await adapter.marketCandles(cursors);
  if (!r.ok) {
    console.error(JSON.stringify({ event: "market_candles_failed", error: r.error.message }));
    return 0;
  }
  const rows = r.value.markets.flatMap((m) =>
    m.candles.map((c) => ({
      base: m.base,
      quote: m.quote,
      source: m.source,
      interval: c.interval,
      openTime: c.openTime,
      closeTime: c.closeTime,
      open: text(c.open),
      high: text(c.high),
      low: text(c.low),
      close: text(c.close),
    })),
  );
  await upsertCandles(db, rows);
  store.setCursor(MARKET_CANDLES, JSON.stringify(r.value.cursors), now);
  return rows.length;
}

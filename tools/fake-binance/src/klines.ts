import { Decimal } from "decimal.js";
import type { ScriptedAccount } from "./account-types.ts";
import { bad, intParam, limitParam, mandatory, type Route } from "./route-kit.ts";

// GET /api/v3/klines (market-data-endpoints.md "Kline/Candlestick data"), weight 2: candles
// consistent with the ticker and with the account's own fills, so a rebuilt history can be
// checked against what the stand-in knows: the open and close are the script's price walk (the
// same rounding as ticker/price), and high and low take in every trade of the account inside
// the candle, so a fill's price always lies within its candle.

const INTERVAL_MS: Record<string, number> = {
  "1m": 60_000,
  "3m": 180_000,
  "5m": 300_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "1h": 3_600_000,
  "2h": 7_200_000,
  "4h": 14_400_000,
  "6h": 21_600_000,
  "8h": 28_800_000,
  "12h": 43_200_000,
  "1d": 86_400_000,
  "3d": 259_200_000,
  "1w": 604_800_000,
};

/** A candle's open time for `t`: UTC-aligned, weeks starting on Monday as Binance's do. */
function openOf(t: number, ms: number): number {
  const MONDAY_OFFSET = 4 * 86_400_000; // 1970-01-01 was a Thursday
  return ms === INTERVAL_MS["1w"]
    ? Math.floor((t - MONDAY_OFFSET) / ms) * ms + MONDAY_OFFSET
    : Math.floor(t / ms) * ms;
}

export function klineRows(
  account: ScriptedAccount,
  symbol: string,
  interval: string,
  from: number,
  count: number,
  now: number,
): (string | number)[][] {
  const ms = INTERVAL_MS[interval] as number;
  const trades = account.trades.get(symbol) ?? [];
  const price = (t: number) => {
    const p = account.priceAt(symbol, t);
    if (p !== null) return new Decimal(p.toPrecision(8));
    return new Decimal(account.prices.get(symbol) ?? "0");
  };
  const rows: (string | number)[][] = [];
  for (let open = openOf(from, ms); rows.length < count && open <= now; open += ms) {
    const close = open + ms - 1;
    const o = price(open);
    const c = price(Math.min(close, now));
    let hi = Decimal.max(o, c);
    let lo = Decimal.min(o, c);
    let volume = new Decimal(0);
    let quoteVolume = new Decimal(0);
    let n = 0;
    for (const t of trades) {
      if (t.time < open || t.time > close) continue;
      hi = Decimal.max(hi, t.price);
      lo = Decimal.min(lo, t.price);
      volume = volume.add(t.qty);
      quoteVolume = quoteVolume.add(t.quoteQty);
      n++;
    }
    rows.push([
      open,
      o.toFixed(8),
      hi.toFixed(8),
      lo.toFixed(8),
      c.toFixed(8),
      volume.toFixed(8),
      close,
      quoteVolume.toFixed(8),
      n,
      "0.00000000",
      "0.00000000",
      "0",
    ]);
  }
  return rows;
}

export const klinesRoute: Route = {
  weight: 2,
  bucket: "api",
  signed: false,
  method: "GET",
  handle: ({ q, now, fake }) => {
    const symbol = q.get("symbol");
    if (!symbol) throw mandatory("symbol");
    const info = fake.account.listed.find((s) => s.symbol === symbol && !fake.delisted.has(symbol));
    if (!info) throw bad(-1121, "Invalid symbol.");
    const interval = q.get("interval");
    if (!interval) throw mandatory("interval");
    const ms = INTERVAL_MS[interval];
    if (!ms) throw bad(-1120, "Invalid interval.");
    const limit = limitParam(q, 500, 1000);
    const start = intParam(q, "startTime");
    const end = Math.min(intParam(q, "endTime") ?? now, now);
    // with a start: the candles from it; without: the last `limit` candles up to the end
    const from = start ?? openOf(end, ms) - (limit - 1) * ms;
    return klineRows(fake.account, symbol, interval, from, limit, end);
  },
};

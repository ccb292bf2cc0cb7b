import { formatAmount, parseAmount } from "@portfolio/core";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import type { Endpoint } from "./endpoints.js";

/** GET /api/v3/klines: public, weight 2, at most 1000 candles a call. */
const KLINES: Endpoint = {
  path: "/api/v3/klines",
  method: "GET",
  weight: 2,
  bucket: "api",
  signed: false,
};
export const KLINES_PAGE = 1000;

export interface Kline {
  openTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
}

/**
 * Up to 1000 candles of `symbol` from `startTime` (the first candle open at or after it), as
 * canonical decimal strings. No key needed: the client sends it unsigned, within the IP's
 * /api weight like every other call.
 */
export async function readKlines(
  client: BinanceClient,
  symbol: string,
  interval: string,
  startTime: number,
  limit = KLINES_PAGE,
): Promise<AdapterResult<Kline[]>> {
  const r = await client.call<(string | number)[][]>(KLINES, {
    symbol,
    interval,
    startTime,
    limit,
  });
  if (!r.ok) return r;
  const d = (x: unknown) => formatAmount(parseAmount(String(x)));
  return ok(
    r.value.map((k) => ({
      openTime: Number(k[0]),
      open: d(k[1]),
      high: d(k[2]),
      low: d(k[3]),
      close: d(k[4]),
      closeTime: Number(k[6]),
    })),
  );
}

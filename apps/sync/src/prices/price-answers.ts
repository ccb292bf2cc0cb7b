import { formatAmount, isoTime, isoTimeOrNull, type PricedPath } from "@portfolio/core";

export type Interval = "1h" | "1d";
export const STEP_MS: Record<Interval, number> = { "1h": 3_600_000, "1d": 86_400_000 };

export interface PriceAnswer {
  asset: string;
  /** the price of one `asset` in the base, a decimal string (20 significant digits) */
  price: string;
  /** the oldest quote it rests on */
  asOf: string | null;
  /** hops that are assumptions (a stablecoin at par): 0 for market prices */
  assumed: number;
  path: { from: string; to: string; price: string; source: string; at: string }[];
}

/** The daily closes of one asset in a base: the price at the end of each UTC day. */
export type DailyPricesResult =
  | { ok: true; asset: string; base: string; days: { date: string; price: string | null }[] }
  | Unreachable
  | Unavailable;

/** The hourly closes of one asset in a base: the price at the end of each UTC hour. */
export type HourlyPricesResult =
  | { ok: true; asset: string; base: string; hours: { start: string; price: string | null }[] }
  | Unreachable
  | Unavailable;

/** The prices of assets at moments of their own (a flow's time), aligned with the question. */
export type MomentPricesResult =
  | { ok: true; base: string; prices: (string | null)[] }
  | Unreachable
  | Unavailable;

export type PricesResult =
  | { ok: true; base: string; at: string; prices: PriceAnswer[]; unpriced: string[] }
  | Unreachable
  | Unavailable;

export type Unavailable = { ok: false; reason: "unavailable"; message: string };
export type Unreachable = {
  ok: false;
  reason: "unreachable_base";
  base: string;
  reachable: string[];
};

export function answer(p: PricedPath): PriceAnswer {
  return {
    asset: p.asset,
    price: formatAmount(p.price.toSignificantDigits(20)),
    asOf: isoTimeOrNull(p.asOf),
    assumed: p.assumed,
    path: p.hops.map((h) => ({
      from: h.from,
      to: h.to,
      price: formatAmount(h.price.toSignificantDigits(20)),
      source: h.source,
      at: isoTime(h.at),
    })),
  };
}

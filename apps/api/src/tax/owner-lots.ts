import {
  computeLots,
  Dec,
  type LedgerRow,
  type LotsResult,
  parseAmount,
  TaxSettings,
} from "@portfolio/core";
import { type Db, getTaxSettings, listLedgerRows } from "@portfolio/db";
import { type PriceDO, priceStub } from "@portfolio/sync";
import { ApiError } from "../errors/api-error.js";

const HOUR = 3_600_000;

/** An owner's stored settings with what the request changes (a method asked for). */
export async function ownerTaxSettings(
  db: Db,
  owner: string,
  overrides: Partial<TaxSettings> = {},
): Promise<TaxSettings> {
  const stored = (await getTaxSettings(db, owner)) ?? {};
  return TaxSettings.parse({ ...stored, ...overrides });
}

/**
 * The market price of each asset a row names (its asset, quote and fee) at the row's hour, in
 * `base`, from the price service in one call: the close of the last hourly candle before the
 * hour, which is the price at every moment of it. A base the service does not reach is a 400
 * naming the bases it does; a service that cannot answer is a 503.
 */
async function rowPrices(
  prices: DurableObjectNamespace<PriceDO>,
  rows: readonly LedgerRow[],
  base: string,
): Promise<(asset: string, at: number) => Dec | null> {
  const wanted = new Map<string, { asset: string; at: number }>();
  for (const r of rows)
    for (const asset of [r.asset, r.quoteAsset, r.feeAsset]) {
      if (!asset || asset === base) continue;
      const hour = Math.floor(r.timestamp / HOUR);
      const k = `${asset}\u0000${hour}`;
      if (!wanted.has(k)) wanted.set(k, { asset, at: hour * HOUR });
    }
  const items = [...wanted.values()];
  const r = await priceStub(prices).pricesAt(base, items);
  if (!r.ok) {
    if (r.reason === "unreachable_base")
      throw new ApiError("BAD_REQUEST", `no known pair reaches ${r.base}`, {
        base: r.base,
        reachable: r.reachable,
      });
    throw new ApiError("UNAVAILABLE", `prices are unavailable: ${r.message}`);
  }
  const found = new Map<string, Dec>();
  items.forEach((it, i) => {
    const p = r.prices[i];
    if (p) found.set(`${it.asset}\u0000${it.at / HOUR}`, parseAmount(p));
  });
  return (asset, at) => found.get(`${asset}\u0000${Math.floor(at / HOUR)}`) ?? null;
}

/** The owner's ledger (every active account) as the lots engine reads it, oldest first. */
async function ownerLedger(db: Db, owner: string): Promise<LedgerRow[]> {
  return (await listLedgerRows(db, owner)).map((r) => ({
    ...r,
    timestamp: r.timestamp.getTime(),
    metadata: r.metadata as Record<string, unknown>,
  }));
}

/**
 * The lots engine over the owner's whole ledger in `base` (a report of some accounts is cut
 * from it afterwards, so a lot moved between accounts keeps its basis), with each row's prices
 * from the price service; and the current price of every asset still held, for unrealised gains.
 */
export async function ownerLots(
  db: Db,
  prices: DurableObjectNamespace<PriceDO>,
  owner: string,
  base: string,
  settings: TaxSettings,
): Promise<{ result: LotsResult; pricesNow: (asset: string) => Dec | null }> {
  const rows = await ownerLedger(db, owner);
  const priceAt = await rowPrices(prices, rows, base);
  const result = computeLots(rows, base, settings, priceAt);
  const held = [...new Set(result.open.map((l) => l.asset))];
  const now = held.length
    ? await priceStub(prices)
        .prices(held, base)
        .catch(() => null)
    : null;
  const current = new Map<string, Dec>(
    now?.ok ? now.prices.map((p) => [p.asset, parseAmount(p.price)]) : [],
  );
  current.set(base, new Dec(1));
  return { result, pricesNow: (asset) => current.get(asset) ?? null };
}

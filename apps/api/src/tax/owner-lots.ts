import {
  computeLots,
  Dec,
  type LedgerRow,
  type LotsResult,
  parseAmount,
  TaxSettings,
} from "@portfolio/core";
import { createDb, type Db, getTaxSettings, listLedgerRows } from "@portfolio/db";
import { type PriceDO, priceStub } from "@portfolio/sync";
import { priceFailure } from "../errors/price-failure.js";
import { ownAccounts } from "./tax-wire.js";

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

const TRADES = new Set(["buy", "sell", "convert"]);
const OUTS = new Set(["withdrawal", "transfer_out"]);

/**
 * The assets whose market value at a row's moment the lots engine reads: a trade's quote leg
 * (the asset leg only where the quote has no price: `quoteUnpriced`) and its fee; a reward's,
 * deposit's, fee's or pool movement's asset; a withdrawal's fee.
 */
function pricedAssets(r: LedgerRow, quoteUnpriced: boolean): (string | null)[] {
  if (TRADES.has(r.txType)) return quoteUnpriced ? [r.asset] : [r.quoteAsset, r.feeAsset];
  if (OUTS.has(r.txType)) return [r.feeAsset];
  return [r.asset];
}

/**
 * The market prices the lots engine reads, in `base`, from the price service: each one at its
 * row's hour (the price service's candle closed before the hour prices every moment of it),
 * asked in one call, then once more for the asset legs of trades whose quote had no price. A
 * base the service does not reach is a 400 naming the bases it does; a service that cannot
 * answer is a 503.
 */
async function rowPrices(
  prices: DurableObjectNamespace<PriceDO>,
  rows: readonly LedgerRow[],
  base: string,
): Promise<(asset: string, at: number) => Dec | null> {
  const found = new Map<string, Dec>();
  const keyOf = (asset: string, at: number) => `${asset}\u0000${Math.floor(at / HOUR)}`;
  const ask = async (pick: (r: LedgerRow) => (string | null)[]) => {
    const wanted = new Map<string, { asset: string; at: number }>();
    for (const r of rows)
      for (const asset of pick(r)) {
        if (!asset || asset === base) continue;
        const k = keyOf(asset, r.timestamp);
        if (!wanted.has(k) && !found.has(k))
          wanted.set(k, { asset, at: Math.floor(r.timestamp / HOUR) * HOUR });
      }
    const items = [...wanted.values()];
    if (items.length === 0) return;
    const r = await priceStub(prices).pricesAt(base, items);
    if (!r.ok) throw priceFailure(r);
    items.forEach((it, i) => {
      const p = r.prices[i];
      if (p) found.set(keyOf(it.asset, it.at), parseAmount(p));
    });
  };
  await ask((r) => pricedAssets(r, false));
  const unpricedQuote = (r: LedgerRow) =>
    TRADES.has(r.txType) &&
    r.quoteAsset !== null &&
    r.quoteAsset !== base &&
    !found.has(keyOf(r.quoteAsset, r.timestamp));
  await ask((r) => (unpricedQuote(r) ? pricedAssets(r, true) : []));
  return (asset, at) => found.get(keyOf(asset, at)) ?? null;
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
 * from the price service. A base the service does not reach is refused before any work.
 */
export async function ownerLots(
  db: Db,
  prices: DurableObjectNamespace<PriceDO>,
  owner: string,
  base: string,
  settings: TaxSettings,
): Promise<LotsResult> {
  const reach = await priceStub(prices).prices([], base);
  if (!reach.ok && reach.reason === "unreachable_base") throw priceFailure(reach);
  const rows = await ownerLedger(db, owner);
  const priceAt = await rowPrices(prices, rows, base);
  return computeLots(rows, base, settings, priceAt);
}

/**
 * What a P&L or tax request of the owner's works from: the accounts it is cut to (each checked
 * to be the owner's), the owner's settings with the method asked for, and the engine's run.
 */
export async function lotsRequest(
  env: { DB: D1Database; PRICES: DurableObjectNamespace<PriceDO> },
  owner: string,
  q: { base: string; method?: TaxSettings["method"] | undefined; accountId?: string[] | undefined },
): Promise<{ accounts: Set<string> | undefined; settings: TaxSettings; result: LotsResult }> {
  const db = createDb(env.DB);
  const accounts = await ownAccounts(db, owner, q.accountId);
  const settings = await ownerTaxSettings(db, owner, q.method ? { method: q.method } : {});
  const result = await ownerLots(db, env.PRICES, owner, q.base, settings);
  return { accounts, settings, result };
}

/**
 * The current price in `base` of every asset still held (for unrealised gains); an asset the
 * service cannot price now, or a service that fails, leaves it unpriced.
 */
export async function heldPricesNow(
  prices: DurableObjectNamespace<PriceDO>,
  result: LotsResult,
  base: string,
): Promise<(asset: string) => Dec | null> {
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
  return (asset) => current.get(asset) ?? null;
}

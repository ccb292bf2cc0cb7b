import { Dec, dailyHoldings, formatAmount, parseAmount } from "@portfolio/core";
import {
  claimRebuild,
  type Db,
  deleteRebuiltSnapshots,
  finishRebuild,
  insertSnapshots,
  listLedgerRows,
  liveSnapshotDays,
  type NewSnapshot,
  requestRebuild,
} from "@portfolio/db";
import { type PriceDO, priceStub } from "../prices/price-do.js";

const DAY_MS = 86_400_000;

export interface RebuildResult {
  /** first and last day rebuilt (YYYY-MM-DD), null when the owner has no history */
  from: string | null;
  to: string | null;
  /** rebuilt points written */
  written: number;
  /** days left to their live snapshots */
  liveDays: number;
  /** assets the price service could not price on some day (their value is left out there) */
  unpriced: string[];
}

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The owner's past rebuilt from the ledger: the holdings of every active account replayed day by
 * day from the first transaction to yesterday (see dailyHoldings), each day valued in `base` at
 * the price service's daily close of each asset, and written as a `rebuilt` snapshot at the
 * day's last millisecond, beside the live ones. A day that has a live snapshot keeps it. Done
 * again from scratch each time (late history changes the past), so it is idempotent.
 */
export async function rebuildOwnerHistory(
  db: Db,
  prices: DurableObjectNamespace<PriceDO>,
  owner: string,
  base: string,
  now: number,
): Promise<RebuildResult> {
  const rows = (await listLedgerRows(db, owner)).map((r) => ({
    ...r,
    timestamp: r.timestamp.getTime(),
  }));
  const first = rows[0];
  const toDay = Math.floor(now / DAY_MS) - 1;
  if (!first || Math.floor(first.timestamp / DAY_MS) > toDay)
    return { from: null, to: null, written: 0, liveDays: 0, unpriced: [] };
  const fromDay = Math.floor(first.timestamp / DAY_MS);
  const days = dailyHoldings(rows, fromDay, toDay);
  const assets = new Set<string>();
  for (const d of days) for (const a of d.holdings.keys()) assets.add(a);
  // each asset's daily closes, one call per asset (the service reads the candles into D1)
  const closes = new Map<string, Map<string, string | null>>();
  for (const asset of assets) {
    if (asset === base) continue;
    const r = await priceStub(prices).dailyPrices(asset, base, fromDay, toDay);
    closes.set(asset, new Map(r.ok ? r.days.map((d) => [d.date, d.price]) : []));
  }
  await deleteRebuiltSnapshots(db, owner, base);
  const live = await liveSnapshotDays(db, owner, base);
  const unpriced = new Set<string>();
  const points: NewSnapshot[] = [];
  let liveDays = 0;
  for (const d of days) {
    if (live.has(d.day)) {
      liveDays++;
      continue;
    }
    const date = dayString(d.day);
    let total = new Dec(0);
    const breakdown: {
      asset: string;
      amount: string;
      price: string | null;
      value: string | null;
    }[] = [];
    const dayPrices: Record<string, string> = {};
    for (const [asset, amount] of d.holdings) {
      const p = asset === base ? "1" : (closes.get(asset)?.get(date) ?? null);
      if (p === null) unpriced.add(asset);
      else if (asset !== base) dayPrices[asset] = p;
      const value = p === null ? null : amount.mul(parseAmount(p));
      if (value) total = total.add(value);
      breakdown.push({
        asset,
        amount: formatAmount(amount),
        price: p,
        value: value === null ? null : formatAmount(value),
      });
    }
    points.push({
      ownerId: owner,
      timestamp: new Date((d.day + 1) * DAY_MS - 1),
      value: formatAmount(total),
      baseCurrency: base,
      assetBreakdown: breakdown,
      prices: dayPrices,
      unavailableAccounts: [],
      source: "rebuilt",
    });
  }
  // every day in one batch, not a round trip each
  const written = await insertSnapshots(db, points);
  return {
    from: dayString(fromDay),
    to: dayString(toDay),
    written,
    liveDays,
    unpriced: [...unpriced].sort(),
  };
}

/**
 * Asks for the owner's rebuild and runs it here unless another worker already is (that one
 * runs it again once it ends, with the newer history). Returns this worker's last run, or null
 * when another runs it. A failure is recorded on the rebuild, not thrown.
 */
export async function requestOwnerRebuild(
  db: Db,
  prices: DurableObjectNamespace<PriceDO>,
  owner: string,
  base: string,
  now: () => number,
): Promise<RebuildResult | null> {
  await requestRebuild(db, owner, base, now());
  let last: RebuildResult | null = null;
  while (await claimRebuild(db, owner, base, now())) {
    let again: boolean;
    try {
      last = await rebuildOwnerHistory(db, prices, owner, base, now());
      again = await finishRebuild(db, owner, base, now(), {
        fromDay: last.from,
        toDay: last.to,
        written: last.written,
      });
    } catch (cause) {
      again = await finishRebuild(db, owner, base, now(), { error: String(cause) });
    }
    if (!again) break;
  }
  return last;
}

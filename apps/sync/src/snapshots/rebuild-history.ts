import { Dec, formatAmount, holdingsAt, parseAmount } from "@portfolio/core";
import {
  claimRebuild,
  type Db,
  finishRebuild,
  listLedgerRows,
  liveSnapshotTimes,
  type NewSnapshot,
  replaceRebuiltSnapshots,
  requestRebuild,
} from "@portfolio/db";
import { type PriceDO, priceStub } from "../prices/price-do.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** the last days rebuilt hour by hour; before them, one point per day */
const HOURLY_DAYS = 90;

export interface RebuildResult {
  /** first and last day rebuilt (YYYY-MM-DD), null when the owner has no history */
  from: string | null;
  to: string | null;
  /** rebuilt points written (one per day, and one per hour over the last 90 days) */
  written: number;
  /** days or hours left to their live snapshots */
  keptLive: number;
  /** assets the price service could not price at some point (their value is left out there) */
  unpriced: string[];
}

const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** One point to rebuild: the end of a day or of an hour, and the bucket its live snapshots fall in. */
interface Moment {
  end: number;
  interval: "1d" | "1h";
  bucket: number;
}

/**
 * The moments of a rebuild from `firstMs` to `now`: the end of every UTC day before the last
 * 90, then the end of every hour up to the last one closed.
 */
function rebuildMoments(firstMs: number, now: number): Moment[] {
  const lastHour = Math.floor(now / HOUR_MS) - 1;
  const hourlyFromDay = Math.floor(now / DAY_MS) - HOURLY_DAYS;
  const out: Moment[] = [];
  const firstDay = Math.floor(firstMs / DAY_MS);
  for (let d = firstDay; d < hourlyFromDay; d++)
    out.push({ end: (d + 1) * DAY_MS - 1, interval: "1d", bucket: d });
  for (let h = Math.max(hourlyFromDay * 24, Math.floor(firstMs / HOUR_MS)); h <= lastHour; h++)
    out.push({ end: (h + 1) * HOUR_MS - 1, interval: "1h", bucket: h });
  return out;
}

/**
 * Each asset's close at every moment: daily closes for the days, hourly ones for the hours,
 * from the price service (which reads the candles into D1 once). Null where unpriced.
 */
async function closesAt(
  prices: DurableObjectNamespace<PriceDO>,
  asset: string,
  base: string,
  moments: Moment[],
): Promise<(string | null)[]> {
  const stub = priceStub(prices);
  const days = moments.filter((m) => m.interval === "1d");
  const hours = moments.filter((m) => m.interval === "1h");
  const daily =
    days.length > 0
      ? await stub.dailyPrices(
          asset,
          base,
          (days[0] as Moment).bucket,
          (days.at(-1) as Moment).bucket,
        )
      : null;
  const hourly =
    hours.length > 0
      ? await stub.hourlyPrices(
          asset,
          base,
          (hours[0] as Moment).bucket,
          (hours.at(-1) as Moment).bucket,
        )
      : null;
  return [
    ...days.map((_, i) => (daily?.ok ? (daily.days[i]?.price ?? null) : null)),
    ...hours.map((_, i) => (hourly?.ok ? (hourly.hours[i]?.price ?? null) : null)),
  ];
}

/**
 * The owner's past rebuilt from the ledger: the holdings of every active account replayed from
 * the first transaction (see holdingsAt), at the end of every day and, over the last 90 days, of
 * every hour, each valued in `base` at the price service's close of each asset then, and written
 * as a `rebuilt` point beside the live ones. A day (an hour, in the last 90 days) that has a
 * complete live snapshot keeps it. Done again from scratch each time (late history changes the
 * past) and swapped in in one transaction, so it is idempotent and a failure keeps the old one.
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
  const moments = first ? rebuildMoments(first.timestamp, now) : [];
  if (!first || moments.length === 0)
    return { from: null, to: null, written: 0, keptLive: 0, unpriced: [] };
  const held = holdingsAt(
    rows,
    moments.map((m) => m.end),
  );
  const assets = new Set<string>();
  for (const h of held) for (const a of h.keys()) assets.add(a);
  const closes = new Map<string, (string | null)[]>();
  for (const asset of assets)
    if (asset !== base) closes.set(asset, await closesAt(prices, asset, base, moments));
  const liveTimes = await liveSnapshotTimes(db, owner, base);
  const live = {
    "1d": new Set(liveTimes.map((t) => Math.floor(t / DAY_MS))),
    "1h": new Set(liveTimes.map((t) => Math.floor(t / HOUR_MS))),
  };
  const unpriced = new Set<string>();
  const points: NewSnapshot[] = [];
  let keptLive = 0;
  moments.forEach((m, k) => {
    if (live[m.interval].has(m.bucket)) {
      keptLive++;
      return;
    }
    let total = new Dec(0);
    const breakdown: NewSnapshot["assetBreakdown"] = [];
    const pointPrices: Record<string, string> = {};
    for (const [asset, amount] of held[k] as Map<string, Dec>) {
      const p = asset === base ? "1" : (closes.get(asset)?.[k] ?? null);
      if (p === null) unpriced.add(asset);
      else if (asset !== base) pointPrices[asset] = p;
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
      timestamp: new Date(m.end),
      value: formatAmount(total),
      baseCurrency: base,
      assetBreakdown: breakdown,
      prices: pointPrices,
      unavailableAccounts: [],
      source: "rebuilt",
    });
  });
  const written = await replaceRebuiltSnapshots(db, owner, base, points);
  return {
    from: dayString(Math.floor(first.timestamp / DAY_MS)),
    to: dayString(Math.floor((moments.at(-1) as Moment).end / DAY_MS)),
    written,
    keptLive,
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

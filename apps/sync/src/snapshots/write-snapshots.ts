import {
  type AccountValuation,
  formatAmount,
  mergedPrices,
  parseAmount,
  summarizePortfolio,
  withServicePrices,
} from "@portfolio/core";
import { type Db, insertSnapshot, listActiveAccountIds, listOwners } from "@portfolio/db";
import type { AccountDO } from "../account-do.js";
import type { PriceDO } from "../prices/price-do.js";
import { servicePrices } from "../prices/service-prices.js";
import { type UnavailableAccount, valueAccounts } from "./value-accounts.js";

export interface SnapshotResult {
  owner: string;
  written: boolean;
  value: string;
  accounts: number;
  /** accounts that could not answer; the snapshot leaves them out and is marked partial */
  unavailableAccounts: UnavailableAccount[];
}

/** how long a snapshot waits for the price service before it values with the accounts' own prices */
const PRICE_SERVICE_WAIT_MS = 5_000;

/**
 * The valuations re-priced by the price service, so an asset held in two accounts (or flowing
 * between them) has one price: every asset they hold or price, in `base`. When the service
 * cannot answer in time, the accounts' own prices stand (and the reason is logged).
 */
export async function servicePriced(
  prices: DurableObjectNamespace<PriceDO>,
  valuations: AccountValuation[],
  base: string,
  waitMs = PRICE_SERVICE_WAIT_MS,
): Promise<AccountValuation[]> {
  const assets = valuations.flatMap((v) => [
    ...v.holdings.map((h) => h.asset),
    ...Object.keys(v.prices),
  ]);
  const service = await servicePrices(prices, assets, base, waitMs, "snapshot_prices_unavailable");
  return service ? withServicePrices(valuations, service, base) : valuations;
}

/**
 * One portfolio snapshot of an owner at `at`: every active account's holdings valued in `base`
 * (at the price service's prices where it has them, else the account's own), the asset
 * breakdown, and every known price (so benchmarks and flows of assets not held can be valued
 * later). Idempotent per (owner, base, at).
 */
export async function writeOwnerSnapshot(
  db: Db,
  ns: DurableObjectNamespace<AccountDO>,
  owner: string,
  base: string,
  at: Date,
  prices?: DurableObjectNamespace<PriceDO>,
): Promise<SnapshotResult> {
  const ids = await listActiveAccountIds(db, owner);
  const asked = await valueAccounts(ns, ids, owner);
  // an account whose balances and prices were never read (its first sync has not finished)
  // would count as worth nothing: it is left out and the snapshot is partial, so it is not a
  // point of the value history
  const unavailableAccounts = [
    ...asked.unavailableAccounts,
    ...asked.valuations
      .filter((v) => v.pricesAsOf === null)
      .map((v) => ({ accountId: v.accountId, reason: "its first sync has not finished" })),
  ];
  const read = asked.valuations.filter((v) => v.pricesAsOf !== null);
  const valuations = prices ? await servicePriced(prices, read, base) : read;
  const summary = summarizePortfolio(valuations, base, at);
  const written = await insertSnapshot(db, {
    ownerId: owner,
    timestamp: at,
    value: summary.total,
    baseCurrency: base,
    assetBreakdown: summary.assets.map((a) => ({
      asset: a.asset,
      amount: a.amount,
      // the value-weighted price across accounts (platforms may quote an asset differently)
      price:
        a.value === null
          ? null
          : formatAmount(parseAmount(a.value).div(a.amount).toSignificantDigits(20)),
      value: a.value,
    })),
    prices: mergedPrices(valuations, base),
    unavailableAccounts,
  });
  return { owner, written, value: summary.total, accounts: valuations.length, unavailableAccounts };
}

/**
 * The scheduled job, as the cron runs it: a snapshot for every owner with an active account, at
 * the minute of `at`, its results logged. The sync worker's cron runs it in production; the API
 * worker's scheduled handler runs it under `pnpm dev`, where wrangler delivers the scheduled
 * event to the first worker of the session.
 */
export async function snapshotJob(
  db: Db,
  ns: DurableObjectNamespace<AccountDO>,
  base: string,
  at: number,
  prices?: DurableObjectNamespace<PriceDO>,
): Promise<void> {
  const results = await writeAllSnapshots(db, ns, base, at, prices);
  console.log(JSON.stringify({ event: "snapshots", results }));
}

/** A snapshot for every owner with an active account, at the minute of `at`. */
export async function writeAllSnapshots(
  db: Db,
  ns: DurableObjectNamespace<AccountDO>,
  base: string,
  at: number,
  prices?: DurableObjectNamespace<PriceDO>,
) {
  const minute = new Date(Math.floor(at / 60_000) * 60_000);
  const owners = await listOwners(db);
  return Promise.all(
    owners.map((owner) => writeOwnerSnapshot(db, ns, owner, base, minute, prices)),
  );
}

import { formatAmount, mergedPrices, parseAmount, summarizePortfolio } from "@portfolio/core";
import { type Db, insertSnapshot, listActiveAccountIds, listOwners } from "@portfolio/db";
import type { AccountDO } from "../account-do.js";
import { type UnavailableAccount, valueAccounts } from "./value-accounts.js";

export interface SnapshotResult {
  owner: string;
  written: boolean;
  value: string;
  accounts: number;
  /** accounts that could not answer; the snapshot leaves them out and is marked partial */
  unavailableAccounts: UnavailableAccount[];
}

/**
 * One portfolio snapshot of an owner at `at`: every active account's holdings valued in `base`
 * from its object's last prices, the asset breakdown, and every known price (so benchmarks and
 * flows of assets not held can be valued later). Idempotent per (owner, base, at).
 */
export async function writeOwnerSnapshot(
  db: Db,
  ns: DurableObjectNamespace<AccountDO>,
  owner: string,
  base: string,
  at: Date,
): Promise<SnapshotResult> {
  const ids = await listActiveAccountIds(db, owner);
  const { valuations, unavailableAccounts } = await valueAccounts(ns, ids, owner);
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
): Promise<void> {
  const results = await writeAllSnapshots(db, ns, base, at);
  console.log(JSON.stringify({ event: "snapshots", results }));
}

/** A snapshot for every owner with an active account, at the minute of `at`. */
export async function writeAllSnapshots(
  db: Db,
  ns: DurableObjectNamespace<AccountDO>,
  base: string,
  at: number,
) {
  const minute = new Date(Math.floor(at / 60_000) * 60_000);
  const owners = await listOwners(db);
  return Promise.all(owners.map((owner) => writeOwnerSnapshot(db, ns, owner, base, minute)));
}

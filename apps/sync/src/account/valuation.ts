import { isoTimeOrNull } from "@portfolio/core";
import type { ValuationInput } from "../rpc-types.js";
import { SYNC_JOB } from "../schedule/sync-job.js";
import type { AccountRecord } from "../storage/account-store.js";
import { freshness } from "./account-state.js";
import { balanceRows } from "./views.js";
import type { AccountWiring } from "./wiring.js";

/**
 * What a portfolio valuation needs of the account: its holdings, the prices the last sync
 * stored (as of the oldest of them), and how current both are.
 */
export function valuationOf(
  d: Pick<AccountWiring, "store" | "live" | "now">,
  account: AccountRecord,
): ValuationInput {
  const prices = d.store.prices();
  const lastSuccess = d.store.job(SYNC_JOB)?.lastSuccessAt ?? null;
  const pricesAsOf = prices.reduce<number | null>(
    (min, p) => (min === null || p.asOf < min ? p.asOf : min),
    null,
  );
  return {
    accountId: account.id,
    name: account.name,
    holdings: balanceRows(account, d.store, d.now()).map((b) => ({
      asset: b.asset,
      amount: b.amount,
    })),
    prices: Object.fromEntries(prices.map((p) => [p.asset, p.price])),
    priceBase: prices[0]?.base ?? account.baseCurrency,
    pricesAsOf: isoTimeOrNull(pricesAsOf),
    syncedAt: isoTimeOrNull(lastSuccess),
    stale: freshness(d, account, d.now()).stale,
  };
}

import {
  type ExternalFlow,
  externalFlows,
  parseAmount,
  rebaseSnapshot,
  type SnapshotPoint,
} from "@portfolio/core";
import { type Db, listFlowTransactions, listSnapshots } from "@portfolio/db";
import { type PriceDO, priceStub } from "@portfolio/sync";

const WEEK_MS = 7 * 86_400_000;
/** how long the flows wait for the price service before they take the snapshots' prices */
const FLOW_PRICES_TIMEOUT_MS = 10_000;

/**
 * The flows with each one's price at its own moment from the price service (a deposit at 14:37
 * at 14:37's price, not at the day's close); as they were (valued later at the snapshots'
 * prices) where the service cannot price one, does not reach `base` or does not answer in time.
 */
async function pricedAtOwnTime(
  prices: DurableObjectNamespace<PriceDO>,
  flows: ExternalFlow[],
  base: string,
): Promise<ExternalFlow[]> {
  const ask = flows.filter((f) => f.asset !== base);
  if (ask.length === 0) return flows;
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), FLOW_PRICES_TIMEOUT_MS));
  const r = await Promise.race([
    priceStub(prices)
      .pricesAt(
        base,
        ask.map((f) => ({ asset: f.asset, at: f.timestamp })),
      )
      .catch(() => null),
    timeout,
  ]);
  if (!r?.ok) return flows;
  const priced = new Map(ask.map((f, i) => [f, r.prices[i] ?? null]));
  return flows.map((f) => {
    const p = priced.get(f);
    return p ? { ...f, price: parseAmount(p) } : f;
  });
}

/**
 * An owner's snapshots in [from, to] re-expressed in `base` (with a week before `from`, so flows
 * on the first days find prices), and the external flows in [from, to], each priced at its own
 * moment where the price service can. A partial snapshot (an account could not answer) is left
 * out: its lower value would read as a loss.
 */
export async function loadSeriesInputs(
  db: Db,
  prices: DurableObjectNamespace<PriceDO>,
  owner: string,
  base: string,
  snapshotBase: string,
  from: Date,
  to: Date,
) {
  const rows = await listSnapshots(db, owner, new Date(from.getTime() - WEEK_MS), to);
  const snapshots = rows
    .filter((r) => r.baseCurrency === snapshotBase && r.unavailableAccounts.length === 0)
    .map((r) =>
      rebaseSnapshot(
        { timestamp: r.timestamp.getTime(), value: r.value, prices: r.prices },
        snapshotBase,
        base,
      ),
    )
    .filter((s): s is SnapshotPoint => s !== null);
  const txs = await listFlowTransactions(db, owner, from, to);
  const { flows, internalTransfers } = externalFlows(
    txs.map((t) => ({ ...t, timestamp: t.timestamp.getTime() })),
  );
  return {
    snapshots,
    flows: await pricedAtOwnTime(prices, flows, base),
    internalTransfers,
    latest: rows.at(-1) ?? null,
    unvaluedSnapshots: rows.length - snapshots.length,
  };
}

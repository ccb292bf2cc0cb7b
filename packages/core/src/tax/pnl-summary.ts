import { Dec } from "../money/decimal.js";
import type { LotsResult } from "./lots-types.js";

/** What an asset (or an account's asset) made: in a period, and as it stands now. */
export interface PnlLine {
  asset: string;
  /** set on the per-account lines */
  accountId?: string;
  /** gains of the disposals in the period, and what they fetched and cost */
  realised: Dec;
  proceeds: Dec;
  costOfDisposed: Dec;
  /** income received in the period, at its value on receipt (unpriced income counts 0) */
  income: Dec;
  /** held now: units and their cost basis */
  amount: Dec;
  costBasis: Dec;
  /** value now and the gain in it; null when the asset has no price now */
  value: Dec | null;
  unrealised: Dec | null;
}

export interface PnlSummary {
  byAsset: PnlLine[];
  byAccount: PnlLine[];
  totals: {
    realised: Dec;
    proceeds: Dec;
    costOfDisposed: Dec;
    income: Dec;
    costBasis: Dec;
    /** of the priced holdings only; `unpriced` lists the rest */
    value: Dec;
    unrealised: Dec;
  };
  /** assets held now with no price now: their value and unrealised gain are left out */
  unpriced: string[];
}

const ZERO = new Dec(0);

function blank(asset: string, accountId?: string): PnlLine {
  return {
    asset,
    ...(accountId === undefined ? {} : { accountId }),
    realised: ZERO,
    proceeds: ZERO,
    costOfDisposed: ZERO,
    income: ZERO,
    amount: ZERO,
    costBasis: ZERO,
    value: null,
    unrealised: null,
  };
}

/**
 * P&L from a run of the lots engine: per asset and per asset of each account, the gains realised
 * by disposals in [from, to] (epoch ms) and the income received then, and the units held now
 * with their cost basis, value at `pricesNow` and unrealised gain. `accounts` keeps the lines of
 * those accounts only (a disposal by the account that disposed, a lot by the account it is in).
 */
export function pnlSummary(
  result: LotsResult,
  opts: {
    from: number;
    to: number;
    pricesNow: (asset: string) => Dec | null;
    accounts?: ReadonlySet<string>;
  },
): PnlSummary {
  const keep = (accountId: string) => !opts.accounts || opts.accounts.has(accountId);
  const inPeriod = (t: number) => t >= opts.from && t <= opts.to;
  const lines = new Map<string, PnlLine>();
  const line = (asset: string, accountId: string) => {
    const k = `${accountId}\u0000${asset}`;
    let l = lines.get(k);
    if (!l) {
      l = blank(asset, accountId);
      lines.set(k, l);
    }
    return l;
  };
  for (const d of result.disposals) {
    if (!keep(d.accountId) || !inPeriod(d.disposedAt)) continue;
    const l = line(d.asset, d.accountId);
    l.realised = l.realised.add(d.gain);
    l.proceeds = l.proceeds.add(d.proceeds);
    l.costOfDisposed = l.costOfDisposed.add(d.cost);
  }
  for (const i of result.income) {
    if (!keep(i.accountId) || !inPeriod(i.at)) continue;
    const l = line(i.asset, i.accountId);
    l.income = l.income.add(i.value ?? ZERO);
  }
  for (const lot of result.open) {
    if (!keep(lot.accountId)) continue;
    const l = line(lot.asset, lot.accountId);
    l.amount = l.amount.add(lot.amount);
    l.costBasis = l.costBasis.add(lot.cost);
  }
  const unpriced = new Set<string>();
  for (const l of lines.values()) value(l, opts.pricesNow, unpriced);
  const byAccount = [...lines.values()].sort(
    (a, b) =>
      (a.accountId ?? "").localeCompare(b.accountId ?? "") || a.asset.localeCompare(b.asset),
  );
  const assets = new Map<string, PnlLine>();
  for (const l of byAccount) {
    const a = assets.get(l.asset) ?? blank(l.asset);
    a.realised = a.realised.add(l.realised);
    a.proceeds = a.proceeds.add(l.proceeds);
    a.costOfDisposed = a.costOfDisposed.add(l.costOfDisposed);
    a.income = a.income.add(l.income);
    a.amount = a.amount.add(l.amount);
    a.costBasis = a.costBasis.add(l.costBasis);
    assets.set(l.asset, a);
  }
  const byAsset = [...assets.values()].sort((a, b) => a.asset.localeCompare(b.asset));
  for (const a of byAsset) value(a, opts.pricesNow, unpriced);
  const sum = (f: (l: PnlLine) => Dec | null) =>
    byAsset.reduce((s, l) => s.add(f(l) ?? ZERO), ZERO);
  return {
    byAsset,
    byAccount,
    totals: {
      realised: sum((l) => l.realised),
      proceeds: sum((l) => l.proceeds),
      costOfDisposed: sum((l) => l.costOfDisposed),
      income: sum((l) => l.income),
      costBasis: sum((l) => l.costBasis),
      value: sum((l) => l.value),
      unrealised: sum((l) => l.unrealised),
    },
    unpriced: [...unpriced].sort(),
  };
}

/** a line's value now and unrealised gain, or the asset listed as unpriced */
function value(l: PnlLine, pricesNow: (asset: string) => Dec | null, unpriced: Set<string>): void {
  if (l.amount.isZero()) {
    l.value = ZERO;
    l.unrealised = ZERO;
    return;
  }
  const p = pricesNow(l.asset);
  if (p === null) {
    unpriced.add(l.asset);
    return;
  }
  l.value = l.amount.mul(p);
  l.unrealised = l.value.sub(l.costBasis);
}

import { Dec, parseAmount } from "../money/decimal.js";
import { isFiat } from "../money/fiat.js";
import { externalFlows } from "../portfolio/external-flows.js";
import { type Lot, type LotBasis, LotQueue, shareOf, type TakenPart } from "./lot-queue.js";
import type {
  Disposal,
  DisposalKind,
  Finding,
  IncomeEvent,
  LedgerRow,
  PriceAt,
  Withdrawn,
} from "./lots-types.js";
import type { TaxMethod, TaxSettings } from "./tax-settings.js";

const DAY = 86_400_000;
export const ZERO = new Dec(0);
/** a row's key across accounts: `accountId/txId` */
export const rowKey = (r: LedgerRow) => `${r.accountId}/${r.txId}`;
const key = rowKey;

/**
 * The state of one run of the lots engine and its primitives: the lot pools (one per account
 * and asset, or per asset when the owner pools), what was disposed of, received as income,
 * withdrawn or found, and the own transfers the flows pairing found.
 */
export class LotsLedger {
  readonly queues = new Map<string, LotQueue>();
  readonly disposals: Disposal[] = [];
  readonly income: IncomeEvent[] = [];
  readonly withdrawn: Withdrawn[] = [];
  readonly findings: Finding[] = [];
  /** own transfers: each side's key → the other's, and the pairs already moved */
  readonly pairOf = new Map<string, string>();
  readonly moved = new Set<string>();
  readonly byKey = new Map<string, LedgerRow>();

  constructor(
    readonly rows: readonly LedgerRow[],
    readonly base: string,
    readonly settings: TaxSettings,
    readonly priceAt: PriceAt,
  ) {
    for (const r of rows) this.byKey.set(key(r), r);
    for (const t of externalFlows(rows).internalTransfers) {
      this.pairOf.set(t.out, t.in);
      this.pairOf.set(t.in, t.out);
    }
  }

  leg(asset: string | null, amount: string | null): { asset: string; amount: Dec } | null {
    return asset && amount ? { asset, amount: parseAmount(amount) } : null;
  }

  /** the market value of `amount` of `asset` at `at` in the base; null where no price is known */
  value(asset: string, amount: Dec, at: number): Dec | null {
    if (asset === this.base) return amount;
    const p = this.priceAt(asset, at);
    return p === null ? null : amount.mul(p);
  }

  valueOrFinding(r: LedgerRow, asset: string, amount: Dec): Dec {
    const v = this.value(asset, amount, r.timestamp);
    if (v !== null) return v;
    this.finding("unpriced", r, asset, amount);
    return ZERO;
  }

  finding(kind: Finding["kind"], r: LedgerRow, asset: string, amount: Dec): void {
    this.findings.push({
      kind,
      asset,
      amount,
      at: r.timestamp,
      accountId: r.accountId,
      txId: r.txId,
    });
  }

  methodOf(accountId: string): TaxMethod {
    if (this.settings.pooling === "owner") return this.settings.method;
    return this.settings.accountMethods[accountId] ?? this.settings.method;
  }

  queue(accountId: string, asset: string): LotQueue {
    const scope = this.settings.pooling === "owner" ? "*" : accountId;
    const k = `${scope}\u0000${asset}`;
    let q = this.queues.get(k);
    if (!q) {
      q = new LotQueue(this.methodOf(accountId));
      this.queues.set(k, q);
    }
    return q;
  }

  open(r: LedgerRow, asset: string, amount: Dec, cost: Dec, basis: LotBasis): void {
    if (this.isCash(asset) || !amount.gt(0)) return;
    const k = key(r);
    this.queue(r.accountId, asset).add({
      id: k,
      asset,
      amount,
      cost,
      acquiredAt: r.timestamp,
      accountId: r.accountId,
      acquiredIn: r.accountId,
      source: k,
      basis,
    });
  }

  /** Takes `amount` of `asset` from the account's pool; a shortfall is a listed zero-basis part. */
  take(r: LedgerRow, asset: string, amount: Dec): TakenPart[] {
    const { parts, short } = this.queue(r.accountId, asset).take(amount);
    if (short.gt(0)) {
      this.finding("missing_acquisition", r, asset, short);
      parts.push({ lot: missingLot(r, asset), amount: short, cost: ZERO });
    }
    return parts;
  }

  /** Money, not property: the base and every fiat currency (no lots, no disposals). */
  isCash(asset: string): boolean {
    return asset === this.base || isFiat(asset);
  }

  /** The basis of `amount` of `asset` taken out of the account's pool (money is its own value). */
  costOut(r: LedgerRow, asset: string, amount: Dec): Dec {
    if (this.isCash(asset)) return this.valueOrFinding(r, asset, amount);
    return this.take(r, asset, amount).reduce((s, p) => s.add(p.cost), ZERO);
  }

  /** Disposes of `amount` of `asset` for `proceeds`: one line per lot part, proceeds by units. */
  dispose(r: LedgerRow, asset: string, amount: Dec, proceeds: Dec, kind: DisposalKind): void {
    if (this.isCash(asset) || !amount.gt(0)) return;
    const parts = this.take(r, asset, amount);
    let rest = proceeds;
    parts.forEach((p, i) => {
      const share = i === parts.length - 1 ? rest : shareOf(proceeds, p.amount, amount);
      rest = rest.sub(share);
      const missing = p.lot.basis === "missing";
      const acquiredAt = missing ? null : p.lot.acquiredAt;
      const held = acquiredAt === null ? 0 : r.timestamp - acquiredAt;
      const taxFreeDays = this.settings.taxFreeDays;
      this.disposals.push({
        asset,
        amount: p.amount,
        acquiredAt,
        disposedAt: r.timestamp,
        proceeds: share,
        cost: p.cost,
        gain: share.sub(p.cost),
        term: held >= this.settings.longTermDays * DAY ? "long" : "short",
        taxFree: taxFreeDays !== null && acquiredAt !== null && held >= taxFreeDays * DAY,
        kind,
        accountId: r.accountId,
        acquiredIn: missing ? null : p.lot.acquiredIn,
        sourceRows: missing ? [key(r)] : [p.lot.source, key(r)],
      });
    });
  }

  /**
   * A cost that bought no units (a fee took them all): a line of zero units, no proceeds, and
   * the cost as its loss.
   */
  lose(r: LedgerRow, asset: string, cost: Dec, kind: DisposalKind): void {
    if (this.isCash(asset) || !cost.gt(0)) return;
    this.disposals.push({
      asset,
      amount: ZERO,
      acquiredAt: r.timestamp,
      disposedAt: r.timestamp,
      proceeds: ZERO,
      cost,
      gain: cost.neg(),
      term: "short",
      taxFree: false,
      kind,
      accountId: r.accountId,
      acquiredIn: r.accountId,
      sourceRows: [key(r)],
    });
  }

  /**
   * A fee of `amount` `asset`: a disposal at market value (or, with `feeDisposal` off, its lots
   * taken out at cost). Returns what it is worth to the trade it belongs to: its market value
   * (its basis with `feeDisposal` off).
   */
  fee(r: LedgerRow, asset: string, amount: Dec, kind: DisposalKind): Dec {
    if (!amount.gt(0)) return ZERO;
    const worth = this.valueOrFinding(r, asset, amount);
    if (this.isCash(asset)) return worth;
    if (this.settings.feeDisposal || kind === "transfer_fee") {
      this.dispose(r, asset, amount, worth, kind);
      return worth;
    }
    return this.costOut(r, asset, amount);
  }
}

/** the lot a shortfall is taken from: zero basis, acquired nowhere */
function missingLot(r: LedgerRow, asset: string): Lot {
  return {
    id: `${key(r)}#missing`,
    asset,
    amount: ZERO,
    cost: ZERO,
    acquiredAt: r.timestamp,
    accountId: r.accountId,
    acquiredIn: r.accountId,
    source: key(r),
    basis: "missing",
  };
}

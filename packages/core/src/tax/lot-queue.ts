import { Dec } from "../money/decimal.js";
import type { TaxMethod } from "./tax-settings.js";

/** How a lot's basis was set. */
export type LotBasis = "trade" | "income" | "deposit" | "exchange" | "missing";

/** Units of one asset acquired together: what is left of them and what that part cost. */
export interface Lot {
  /** the acquiring row (`accountId/txId`) and, for a lot split by a move, its part */
  id: string;
  asset: string;
  /** units left */
  amount: Dec;
  /** what the units left cost, in the report's base */
  cost: Dec;
  /** epoch ms of the acquisition (a move between own accounts keeps it) */
  acquiredAt: number;
  /** the account the units are in now */
  accountId: string;
  /** the account they were acquired in (a move between own accounts keeps it) */
  acquiredIn: string;
  /** the acquiring row, `accountId/txId` */
  source: string;
  basis: LotBasis;
}

/** A part of a lot a disposal or a move took: its units and their cost (the lot's own `amount` and `cost` are what is left of it). */
export interface TakenPart {
  lot: Lot;
  amount: Dec;
  cost: Dec;
}

const ZERO = new Dec(0);
/**
 * Decimal places a share of a cost or of proceeds keeps: a split is rounded there, so what is
 * left (the whole less the share) is exact and splitting never creates or loses cost.
 */
export const SHARE_PLACES = 40;

/** `total` × `part` / `whole`, to SHARE_PLACES decimal places (half-even). */
export function shareOf(total: Dec, part: Dec, whole: Dec): Dec {
  return total.mul(part).div(whole).toDecimalPlaces(SHARE_PLACES, Dec.ROUND_HALF_EVEN);
}

/**
 * The open lots of one asset in one pool (an account's, or the owner's), consumed by one
 * method: FIFO the oldest first, LIFO the newest first, HIFO the highest unit cost first, and
 * average cost from the pool's total (the units still leave oldest first, for their dates).
 * Costs are split exactly: a part of a lot costs its share, and what is left keeps the rest, so
 * no cost is created or lost by splitting.
 */
export class LotQueue {
  /** by acquisition time; `head` skips the lots FIFO and average used up */
  private readonly lots: Lot[] = [];
  private head = 0;
  /** HIFO: the lots by unit cost, highest first (a binary heap; used-up lots are skipped) */
  private readonly heap: { lot: Lot; unit: number }[] = [];
  private amount = ZERO;
  private cost = ZERO;

  constructor(readonly method: TaxMethod) {}

  /** The units and cost in the pool. */
  totals(): { amount: Dec; cost: Dec } {
    return { amount: this.amount, cost: this.cost };
  }

  add(lot: Lot): void {
    if (!lot.amount.gt(0)) return;
    this.amount = this.amount.add(lot.amount);
    this.cost = this.cost.add(lot.cost);
    // lots arrive in time order, except a move bringing older ones: keep them sorted
    let at = this.lots.length;
    while (at > this.head && (this.lots[at - 1] as Lot).acquiredAt > lot.acquiredAt) at--;
    this.lots.splice(at, 0, lot);
    if (this.method === "hifo") this.push({ lot, unit: lot.cost.div(lot.amount).toNumber() });
  }

  /**
   * Takes `amount` units by the method; what the pool lacks comes back as `short` (a missing
   * acquisition the caller reports), never as a negative lot.
   */
  take(amount: Dec): { parts: TakenPart[]; short: Dec } {
    const parts: TakenPart[] = [];
    const average = this.method === "average";
    let left = amount;
    while (left.gt(0)) {
      const lot = this.next();
      if (!lot) break;
      const n = Dec.min(left, lot.amount);
      const all = n.eq(lot.amount);
      // average cost keeps no cost per lot: the pool's, below
      const partCost = average ? ZERO : all ? lot.cost : shareOf(lot.cost, n, lot.amount);
      lot.amount = lot.amount.sub(n);
      if (!average) lot.cost = all ? ZERO : lot.cost.sub(partCost);
      // the lot itself: its identity and dates do not change, `amount` and `cost` are the part's
      parts.push({ lot, amount: n, cost: partCost });
      left = left.sub(n);
    }
    const taken = amount.sub(left);
    if (average && taken.gt(0)) {
      // the units cost the pool's average, spread over the parts by units, exactly
      const cost = shareOf(this.cost, taken, this.amount);
      let rest = cost;
      parts.forEach((p, i) => {
        p.cost = i === parts.length - 1 ? rest : shareOf(cost, p.amount, taken);
        rest = rest.sub(p.cost);
      });
      this.cost = this.cost.sub(cost);
    } else {
      this.cost = this.cost.sub(parts.reduce((s, p) => s.add(p.cost), ZERO));
    }
    this.amount = this.amount.sub(taken);
    return { parts, short: left };
  }

  /** The lots still open, oldest first (under average cost, each at the pool's cost per unit). */
  open(): Lot[] {
    const open = this.lots.slice(this.head).filter((l) => l.amount.gt(0));
    if (this.method !== "average" || open.length === 0) return open.map((l) => ({ ...l }));
    let rest = this.cost;
    return open.map((l, i) => {
      const cost = i === open.length - 1 ? rest : shareOf(this.cost, l.amount, this.amount);
      rest = rest.sub(cost);
      return { ...l, cost };
    });
  }

  /** the next lot the method takes from, or null when none is left */
  private next(): Lot | null {
    if (this.method === "hifo") {
      while (this.heap.length && !(this.heap[0] as { lot: Lot }).lot.amount.gt(0)) this.pop();
      return this.heap[0]?.lot ?? null;
    }
    if (this.method === "lifo") {
      for (let i = this.lots.length - 1; i >= this.head; i--) {
        const lot = this.lots[i] as Lot;
        if (lot.amount.gt(0)) return lot;
        this.lots.pop();
      }
      return null;
    }
    while (this.head < this.lots.length && !(this.lots[this.head] as Lot).amount.gt(0)) this.head++;
    return this.lots[this.head] ?? null;
  }

  private push(e: { lot: Lot; unit: number }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as { unit: number }).unit >= e.unit) break;
      h[i] = h[p] as { lot: Lot; unit: number };
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const unit = (k: number) => (k === i ? last.unit : (h[k] as { unit: number }).unit);
      if (l < h.length && (h[l] as { unit: number }).unit > unit(m)) m = l;
      if (r < h.length && (h[r] as { unit: number }).unit > unit(m)) m = r;
      if (m === i) break;
      h[i] = h[m] as { lot: Lot; unit: number };
      i = m;
    }
    h[i] = last;
  }
}

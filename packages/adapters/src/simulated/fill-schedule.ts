import type { TransactionInput } from "@portfolio/core";
import type { AdapterDeps } from "../adapter.js";
import type { SimulatedTimeline } from "./timeline.js";

export type BookedFillSource = NonNullable<AdapterDeps["bookedFills"]>;

const NONE: readonly TransactionInput[] = [];

/**
 * The recorded fills of a run of slots, read from the host a range of slots at a time (never
 * the whole history at once): per slot, the fills booked in it, in the order the host gave
 * them, and the fills voided in it. A fill belongs to the slot its time falls in, one from
 * before the account opened to slot 0. Slots are asked in increasing order.
 */
export class FillSchedule {
  private from = 0;
  private to = -1;
  private readonly booked = new Map<number, TransactionInput[]>();
  private readonly voided = new Map<number, TransactionInput[]>();

  constructor(
    private readonly source: BookedFillSource | undefined,
    private readonly timeline: SimulatedTimeline,
    /** slots per read from the host */
    private readonly rangeSlots: number,
    /** the last slot that will be asked for (the present): no read goes past it */
    private readonly lastSlot: number,
  ) {}

  bookedIn(slot: number): readonly TransactionInput[] {
    this.cover(slot);
    return this.booked.get(slot) ?? NONE;
  }

  voidedIn(slot: number): readonly TransactionInput[] {
    this.cover(slot);
    return this.voided.get(slot) ?? NONE;
  }

  private cover(slot: number): void {
    if (!this.source || (slot >= this.from && slot <= this.to)) return;
    this.booked.clear();
    this.voided.clear();
    this.from = slot;
    this.to = Math.max(slot, Math.min(slot + this.rangeSlots - 1, this.lastSlot));
    const fromMs = slot === 0 ? Number.MIN_SAFE_INTEGER : this.timeline.slotTime(slot);
    const toMs = this.timeline.slotTime(this.to + 1) - 1;
    for (const fill of this.source(fromMs, toMs)) {
      this.add(this.booked, this.timeline.fillSlot(fill.bookedAt), fill.tx);
      if (fill.voidedAt !== null)
        this.add(this.voided, this.timeline.fillSlot(fill.voidedAt), fill.tx);
    }
  }

  /** files `tx` under `slot` when the slot is in the range read (a fill outside it was sent for its other date) */
  private add(into: Map<number, TransactionInput[]>, slot: number, tx: TransactionInput): void {
    if (slot < this.from || slot > this.to) return;
    const list = into.get(slot);
    if (list) list.push(tx);
    else into.set(slot, [tx]);
  }
}

import { balanceEffects, type TransactionInput } from "@portfolio/core";
import { type BookedFillSource, FillSchedule } from "./fill-schedule.js";
import { type EventContext, generateEvent } from "./generate-event.js";
import { Holdings } from "./holdings.js";

/**
 * Where the history stands: the next event is the `skip`-th (from 0) of slot `slot`, and
 * `held` is what the account held before that slot. A slot is read again from its start when a
 * page stops inside it, so fills booked later in the slot in progress still appear.
 */
export interface LedgerPosition {
  slot: number;
  skip: number;
  held: Holdings;
}

export interface LedgerPage {
  events: TransactionInput[];
  next: LedgerPosition;
  /** false when the page reached the present */
  hasMore: boolean;
}

/** the beginning of history; never moved (the ledger clones a position's holdings first) */
export const LEDGER_START: Readonly<LedgerPosition> = { slot: 0, skip: 0, held: new Holdings() };

/** slots per read of the host's fills: when catching balances up, and at most for a page */
const CATCH_UP_RANGE_SLOTS = 4096;

/**
 * The simulated account's history, slot by slot: the platform's own event (at most one), then
 * the fills bots recorded in that slot, in the host's order, as events of their own; then the
 * fills voided in it are reversed (not an event: the host marks the original row void). Every
 * slot depends only on the holdings before it and the fills, so the history is the same every
 * time, whether read at once or page by page across restarts, and only grows as time passes.
 * Nothing is kept: a page generates what it returns, plus what it skips inside one slot.
 */
export class SimulatedLedger {
  constructor(
    private readonly ctx: EventContext,
    private readonly fills: BookedFillSource | undefined,
  ) {}

  /** At most `limit` events from `from` on, up to the slot `present` (inclusive). */
  page(from: LedgerPosition, limit: number, present: number, upTo: number): LedgerPage {
    const events: TransactionInput[] = [];
    if (from.slot > present) return { events, next: from, hasMore: false };
    const range = Math.min(CATCH_UP_RANGE_SLOTS, Math.max(64, 2 * limit));
    const schedule = new FillSchedule(
      bookedBy(this.fills, upTo),
      this.ctx.timeline,
      range,
      present,
    );
    const held = from.held.clone();
    let skip = from.skip;
    for (let slot = from.slot; ; slot++) {
      const before = held.clone();
      const slotEvents = this.runSlot(slot, held, schedule);
      const taken = slotEvents.slice(skip, skip + limit - events.length);
      events.push(...taken);
      const emitted = skip + taken.length;
      skip = 0;
      if (emitted < slotEvents.length)
        return { events, next: { slot, skip: emitted, held: before }, hasMore: true };
      // the slot in progress stays open: fills booked later in it come after what was read
      if (slot === present)
        return { events, next: { slot, skip: emitted, held: before }, hasMore: false };
      if (events.length >= limit)
        return { events, next: { slot: slot + 1, skip: 0, held }, hasMore: true };
    }
  }

  /**
   * What the account holds after slot `present`, going on from `from` (`from.slot` ≤
   * `present`) without keeping events; also the position at the start of `present`, where the
   * next catch-up can go on from.
   */
  holdingsAt(
    from: LedgerPosition,
    present: number,
    upTo: number,
  ): { held: Holdings; position: LedgerPosition } {
    const schedule = new FillSchedule(
      bookedBy(this.fills, upTo),
      this.ctx.timeline,
      CATCH_UP_RANGE_SLOTS,
      present,
    );
    const held = from.held.clone();
    let before = held.clone();
    for (let slot = from.slot; slot <= present; slot++) {
      before = held.clone();
      this.runSlot(slot, held, schedule);
    }
    return { held, position: { slot: present, skip: 0, held: before } };
  }

  /** the events of `slot`, moving `held` from before the slot to after it */
  private runSlot(slot: number, held: Holdings, schedule: FillSchedule): TransactionInput[] {
    const events: TransactionInput[] = [];
    const own = generateEvent(this.ctx, slot, held);
    if (own) {
      events.push(own);
      held.apply(balanceEffects(own));
    }
    for (const tx of schedule.bookedIn(slot)) {
      events.push(tx);
      held.apply(balanceEffects(tx));
    }
    for (const tx of schedule.voidedIn(slot)) held.apply(balanceEffects(tx), -1);
    return events;
  }
}

/**
 * The fills as the platform knew them before `upTo`: one booked at or after it is not in yet, a
 * void made then not yet done. History and balances read with the same `upTo` agree with each
 * other, so a fill recorded between them is in neither (the host keeps it applied on top until
 * the next history shows it). Strictly before: the runtime's clock stands still between I/O,
 * so a fill recorded right after a page can carry the page's very millisecond.
 */
function bookedBy(fills: BookedFillSource | undefined, upTo: number): BookedFillSource | undefined {
  if (!fills) return undefined;
  return (fromMs, toMs) =>
    fills(fromMs, toMs)
      .filter((f) => f.bookedAt < upTo)
      .map((f) => (f.voidedAt !== null && f.voidedAt >= upTo ? { ...f, voidedAt: null } : f));
}

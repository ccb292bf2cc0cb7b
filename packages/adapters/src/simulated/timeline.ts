import type { ResolvedSimulatedConfig } from "./config.js";

/** The simulated platform's clock in slots: slot k is [start + k·step, start + (k+1)·step). */
export class SimulatedTimeline {
  readonly startMs: number;
  readonly stepMs: number;

  constructor(config: Pick<ResolvedSimulatedConfig, "start" | "stepSeconds">) {
    this.startMs = Date.parse(config.start);
    this.stepMs = config.stepSeconds * 1000;
  }

  /** when slot `slot` begins */
  slotTime(slot: number): number {
    return this.startMs + slot * this.stepMs;
  }

  /** the slot `ms` falls in; −1 before the account opened */
  slotAt(ms: number): number {
    return ms < this.startMs ? -1 : Math.floor((ms - this.startMs) / this.stepMs);
  }

  /** the slot a fill booked (or voided) at `ms` belongs to: one before the account opened counts in slot 0 */
  fillSlot(ms: number): number {
    return Math.max(0, this.slotAt(ms));
  }
}

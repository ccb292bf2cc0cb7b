import { Dec, hashSeed, normal, prng } from "@portfolio/core";
import { type ResolvedSimulatedConfig, SIM_INSTRUMENTS } from "./config.js";

/** a walk keeps its log-price at every multiple of this many slots it has passed */
export const WALK_CHECKPOINT_SLOTS = 1024;

interface Walk {
  volPerStep: number;
  /** checkpoint index i → log-price at slot i·{@link WALK_CHECKPOINT_SLOTS} */
  checkpoints: Map<number, number>;
  /** the point computed (or remembered) last */
  lastSlot: number;
  lastLog: number;
}

/**
 * Prices as a seeded geometric random walk, one step per slot. Memory is a checkpoint per
 * {@link WALK_CHECKPOINT_SLOTS} slots plus the last point per asset: a price is the walk forward
 * from the nearest known point at or below its slot, so asking in increasing order costs one
 * step per slot and asking again costs at most a checkpoint interval.
 */
export class SimulatedMarket {
  private readonly walks = new Map<string, Walk>();

  constructor(private readonly config: Pick<ResolvedSimulatedConfig, "seed" | "stepSeconds">) {}

  /** USD price of one unit of `asset` at `slot`, rounded to 6 significant digits. */
  price(asset: string, slot: number): Dec {
    return new Dec(Math.exp(this.logPrice(asset, slot)).toPrecision(6));
  }

  /** the walk's log-price of `asset` at `slot` (what a cursor carries to resume the walk) */
  logPrice(asset: string, slot: number): number {
    if (!Number.isSafeInteger(slot) || slot < 0) throw new Error(`not a slot: ${slot}`);
    const walk = this.walk(asset);
    let k = Math.floor(slot / WALK_CHECKPOINT_SLOTS);
    while (!walk.checkpoints.has(k)) k--;
    let at = k * WALK_CHECKPOINT_SLOTS;
    let x = walk.checkpoints.get(k) as number;
    if (walk.lastSlot <= slot && walk.lastSlot > at) {
      at = walk.lastSlot;
      x = walk.lastLog;
    }
    const v = walk.volPerStep;
    for (let s = at + 1; s <= slot; s++) {
      const rand = prng(hashSeed(this.config.seed, "walk", asset, s));
      x = x + v * normal(rand) - (v * v) / 2;
      if (s % WALK_CHECKPOINT_SLOTS === 0) walk.checkpoints.set(s / WALK_CHECKPOINT_SLOTS, x);
    }
    walk.lastSlot = slot;
    walk.lastLog = x;
    return x;
  }

  /** takes a point of the walk read earlier (from a cursor), so the walk goes on from there */
  remember(asset: string, slot: number, logPrice: number): void {
    const walk = this.walk(asset);
    walk.lastSlot = slot;
    walk.lastLog = logPrice;
    if (slot % WALK_CHECKPOINT_SLOTS === 0)
      walk.checkpoints.set(slot / WALK_CHECKPOINT_SLOTS, logPrice);
  }

  private walk(asset: string): Walk {
    let walk = this.walks.get(asset);
    if (!walk) {
      const instrument = SIM_INSTRUMENTS[asset];
      if (!instrument) throw new Error(`not a simulated instrument: ${asset}`);
      const start = Math.log(instrument.startPrice);
      walk = {
        volPerStep: instrument.hourlyVol * Math.sqrt(this.config.stepSeconds / 3600),
        checkpoints: new Map([[0, start]]),
        lastSlot: 0,
        lastLog: start,
      };
      this.walks.set(asset, walk);
    }
    return walk;
  }
}

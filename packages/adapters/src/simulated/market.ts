import { Dec } from "@portfolio/core";
import { SIM_INSTRUMENTS, type SimulatedConfig } from "./config.js";
import { hashSeed, normal, prng } from "./random.js";

/**
 * Prices as a seeded geometric random walk, one step per slot. The walk is extended lazily
 * and cached, so asking for slot k costs O(k) once and O(1) after.
 */
export class SimulatedMarket {
  private readonly logPrices = new Map<string, number[]>();

  constructor(private readonly config: SimulatedConfig) {}

  /** USD price of one unit of `asset` at `slot`, rounded to 6 significant digits. */
  price(asset: string, slot: number): Dec {
    const instrument = SIM_INSTRUMENTS[asset];
    if (!instrument) throw new Error(`not a simulated instrument: ${asset}`);
    let walk = this.logPrices.get(asset);
    if (!walk) {
      walk = [Math.log(instrument.startPrice)];
      this.logPrices.set(asset, walk);
    }
    const volPerStep = instrument.hourlyVol * Math.sqrt(this.config.stepSeconds / 3600);
    for (let k = walk.length; k <= slot; k++) {
      const rand = prng(hashSeed(this.config.seed, "walk", asset, k));
      walk.push(
        (walk[k - 1] as number) + volPerStep * normal(rand) - (volPerStep * volPerStep) / 2,
      );
    }
    return new Dec(Math.exp(walk[slot] as number).toPrecision(6));
  }
}

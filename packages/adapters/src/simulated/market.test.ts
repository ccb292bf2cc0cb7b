import { Dec, hashSeed, normal, prng } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { SIM_INSTRUMENTS } from "./config.js";
import { SimulatedMarket, WALK_CHECKPOINT_SLOTS } from "./market.js";

const config = { seed: "walk-test", stepSeconds: 600 };
const SLOTS = 5_000;
const ASSETS = ["BTC", "ETH", "DOGE"];

/** the walk as the first implementation kept it: every log-price of every slot in an array */
function referenceWalk(asset: string, slots: number): number[] {
  const instrument = SIM_INSTRUMENTS[asset] as { startPrice: number; hourlyVol: number };
  const volPerStep = instrument.hourlyVol * Math.sqrt(config.stepSeconds / 3600);
  const walk = [Math.log(instrument.startPrice)];
  for (let k = 1; k < slots; k++) {
    const rand = prng(hashSeed(config.seed, "walk", asset, k));
    walk.push((walk[k - 1] as number) + volPerStep * normal(rand) - (volPerStep * volPerStep) / 2);
  }
  return walk;
}

const reference = new Map(ASSETS.map((a) => [a, referenceWalk(a, SLOTS)]));
const expectedPrice = (asset: string, slot: number) =>
  new Dec(Math.exp(reference.get(asset)?.[slot] as number).toPrecision(6));

describe("SimulatedMarket", () => {
  it("prices every slot exactly as the plain walk does, asked in order", () => {
    const market = new SimulatedMarket(config);
    for (let slot = 0; slot < SLOTS; slot++)
      for (const asset of ASSETS) {
        expect(market.logPrice(asset, slot)).toBe(reference.get(asset)?.[slot]);
        expect(market.price(asset, slot).eq(expectedPrice(asset, slot))).toBe(true);
      }
  });

  it("prices any slot exactly, asked out of order", () => {
    const market = new SimulatedMarket(config);
    const rand = prng(7);
    for (let i = 0; i < 3_000; i++) {
      const asset = ASSETS[Math.floor(rand() * ASSETS.length)] as string;
      const slot = Math.floor(rand() * SLOTS);
      expect([asset, slot, market.logPrice(asset, slot)]).toEqual([
        asset,
        slot,
        reference.get(asset)?.[slot],
      ]);
    }
    // each side of every checkpoint, from the end backwards
    for (const asset of ASSETS)
      for (let c = Math.floor((SLOTS - 2) / WALK_CHECKPOINT_SLOTS); c >= 0; c--)
        for (const slot of [
          c * WALK_CHECKPOINT_SLOTS + 1,
          c * WALK_CHECKPOINT_SLOTS,
          c * WALK_CHECKPOINT_SLOTS - 1,
        ])
          if (slot >= 0) expect(market.logPrice(asset, slot)).toBe(reference.get(asset)?.[slot]);
  });

  it("goes on exactly from a point it is handed, as a fresh market reading a cursor does", () => {
    const first = new SimulatedMarket(config);
    const resumed = new SimulatedMarket(config);
    resumed.remember("ETH", 3_333, first.logPrice("ETH", 3_333));
    for (const slot of [3_333, 3_334, 4_096, 4_999, 100, 0, 4_000])
      expect(resumed.logPrice("ETH", slot)).toBe(reference.get("ETH")?.[slot]);
  });

  it("refuses what is not a slot or not an instrument", () => {
    const market = new SimulatedMarket(config);
    expect(() => market.price("BTC", -1)).toThrow(/not a slot/);
    expect(() => market.price("BTC", 1.5)).toThrow(/not a slot/);
    expect(() => market.price("XRP", 1)).toThrow(/not a simulated instrument/);
  });
});

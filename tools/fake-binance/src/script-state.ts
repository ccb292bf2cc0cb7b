import { Decimal } from "decimal.js";
import { rng } from "./random.ts";

export const D = (x: Decimal.Value) => new Decimal(x);
export const DAY = 86_400_000;

export function fmt(d: Decimal): string {
  return d.toFixed(8);
}

/** Binance's "2024-01-02 03:04:05" (UTC), as withdrawal history shows times. */
export const utc = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 19);

/**
 * What the script carries while it plays an account's history: its one random stream (every
 * draw in the same order, so the same seed gives the same account), its id sequences, and the
 * spot and funding balances as they stand.
 */
export interface ScriptState {
  rand: () => number;
  pick: <T>(xs: readonly T[]) => T;
  /** the next id of the sequence deposits, converts, dust sweeps and dividends share */
  seq: () => number;
  /** the next order id of a trade */
  orderId: () => number;
  hex: (n: number) => string;
  spot: Map<string, Decimal>;
  funding: Map<string, Decimal>;
  held: (asset: string) => Decimal;
  move: (asset: string, delta: Decimal) => void;
}

export function scriptState(seed: string): ScriptState {
  const rand = rng(seed);
  let seq = 1;
  let orderId = 1_000_000;
  const spot = new Map<string, Decimal>();
  const held = (a: string) => spot.get(a) ?? D(0);
  return {
    rand,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T,
    seq: () => seq++,
    orderId: () => orderId++,
    hex: (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join(""),
    spot,
    funding: new Map(),
    held,
    move: (a, delta) => spot.set(a, held(a).add(delta)),
  };
}

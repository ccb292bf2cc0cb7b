import { AssetMismatchError } from "../errors.js";
import { Dec, formatAmount, parseAmount } from "./decimal.js";

/** An amount of one asset. Combining two Money values checks they are the same asset. */
export interface Money {
  readonly asset: string;
  readonly amount: Dec;
}

export function money(asset: string, amount: Dec | string): Money {
  return { asset, amount: typeof amount === "string" ? parseAmount(amount) : amount };
}

export function assertSameAsset(a: Money, b: Money): void {
  if (a.asset !== b.asset) throw new AssetMismatchError(a.asset, b.asset);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameAsset(a, b);
  return { asset: a.asset, amount: a.amount.add(b.amount) };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameAsset(a, b);
  return { asset: a.asset, amount: a.amount.sub(b.amount) };
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameAsset(a, b);
  return a.amount.cmp(b.amount) as -1 | 0 | 1;
}

export function zeroMoney(asset: string): Money {
  return { asset, amount: new Dec(0) };
}

/** Wire form: `{ asset, amount: "decimal string" }`. */
export function moneyToWire(m: Money): { asset: string; amount: string } {
  return { asset: m.asset, amount: formatAmount(m.amount) };
}

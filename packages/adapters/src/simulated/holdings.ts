import { Dec } from "@portfolio/core";

/** What the simulated account holds per asset; a recorded fill may take a holding below zero. */
export class Holdings {
  private readonly amounts: Map<string, Dec>;

  constructor(entries: Iterable<readonly [string, Dec]> = []) {
    this.amounts = new Map(entries);
  }

  get(asset: string): Dec {
    return this.amounts.get(asset) ?? new Dec(0);
  }

  /** what the generator may spend or sell: a holding a fill took below zero counts as none */
  available(asset: string): Dec {
    const held = this.get(asset);
    return held.isNegative() ? new Dec(0) : held;
  }

  /** moves each asset by its delta (`sign` −1 reverses them) */
  apply(effects: ReadonlyMap<string, Dec>, sign: 1 | -1 = 1): void {
    for (const [asset, delta] of effects)
      this.amounts.set(asset, this.get(asset).add(sign === 1 ? delta : delta.neg()));
  }

  clone(): Holdings {
    return new Holdings(this.amounts);
  }

  /** the assets held, zero or not, in the order they were first moved */
  entries(): IterableIterator<[string, Dec]> {
    return this.amounts.entries();
  }
}

import { Dec, formatAmount, roundAmount, type TransactionInput } from "@portfolio/core";
import { SIM_CASH, type SimulatedConfig } from "./config.js";
import type { SimulatedMarket } from "./market.js";
import { hashSeed, prng } from "./random.js";

export const SIM_TRADE_FEE = new Dec("0.001");
const WITHDRAWAL_FEE = new Dec("1");

/**
 * The simulated account's history: at most one event per slot, each drawn from a PRNG seeded
 * by (seed, slot), so the history is the same every time and only grows as time passes.
 * Every event is affordable when it happens, so balances never go negative, and the balances
 * are exactly the sum of the history.
 */
export class SimulatedLedger {
  private readonly events: TransactionInput[] = [];
  private readonly holdings = new Map<string, Dec>();
  private nextSlot = 0;

  constructor(
    private readonly config: SimulatedConfig,
    private readonly market: SimulatedMarket,
  ) {}

  /** Events of slots ≤ `slot`, generated on first need. */
  upTo(slot: number): readonly TransactionInput[] {
    while (this.nextSlot <= slot) this.generate(this.nextSlot++);
    return this.events;
  }

  /** Balances after slot `slot` (call {@link upTo} first). */
  balances(): ReadonlyMap<string, Dec> {
    return this.holdings;
  }

  slotTime(slot: number): number {
    return Date.parse(this.config.start) + slot * this.config.stepSeconds * 1000;
  }

  private held(asset: string): Dec {
    return this.holdings.get(asset) ?? new Dec(0);
  }

  private push(slot: number, tx: Omit<TransactionInput, "txId" | "timestamp" | "metadata">): void {
    const event: TransactionInput = {
      ...tx,
      txId: `sim-${slot}`,
      timestamp: new Date(this.slotTime(slot)).toISOString(),
      metadata: { slot },
    };
    this.events.push(event);
    const move = (asset: string, delta: Dec) =>
      this.holdings.set(asset, this.held(asset).add(delta));
    const amount = new Dec(tx.amount);
    if (tx.txType === "buy") {
      move(tx.asset, amount);
      move(tx.quoteAsset as string, new Dec(tx.quoteAmount as string).neg());
    } else if (tx.txType === "sell") {
      move(tx.asset, amount.neg());
      move(tx.quoteAsset as string, new Dec(tx.quoteAmount as string));
    } else if (tx.txType === "deposit") {
      move(tx.asset, amount);
    } else if (tx.txType === "withdrawal") {
      move(tx.asset, amount.neg());
    }
    if (tx.fee !== null && tx.feeAsset !== null) move(tx.feeAsset, new Dec(tx.fee).neg());
  }

  private generate(slot: number): void {
    const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };
    if (slot === 0) {
      this.push(slot, {
        txType: "deposit",
        asset: SIM_CASH,
        amount: this.config.initialDeposit,
        ...none,
      });
      return;
    }
    const rand = prng(hashSeed(this.config.seed, "event", slot));
    const roll = rand();
    const cash = this.held(SIM_CASH);
    const asset = this.config.assets[Math.floor(rand() * this.config.assets.length)] as string;
    const fraction = new Dec((0.05 + rand() * 0.25).toFixed(4));
    if (roll < 0.55) {
      const price = this.market.price(asset, slot);
      const buy = rand() < 0.5 || this.held(asset).isZero();
      const quantity = buy
        ? roundAmount(cash.mul(fraction).div(price), 6, "down")
        : roundAmount(this.held(asset).mul(fraction), 6, "down");
      if (quantity.isZero()) return;
      const quote = quantity.mul(price);
      const fee = roundAmount(quote.mul(SIM_TRADE_FEE), 8, "up");
      this.push(slot, {
        txType: buy ? "buy" : "sell",
        asset,
        amount: formatAmount(quantity),
        price: formatAmount(price),
        quoteAsset: SIM_CASH,
        quoteAmount: formatAmount(quote),
        fee: formatAmount(fee),
        feeAsset: SIM_CASH,
      });
    } else if (roll < 0.62) {
      const amount = new Dec(Math.floor(100 + rand() * 900));
      this.push(slot, {
        txType: "deposit",
        asset: SIM_CASH,
        amount: formatAmount(amount),
        ...none,
      });
    } else if (roll < 0.66) {
      const amount = roundAmount(cash.mul(fraction).mul("0.4"), 2, "down");
      if (amount.isZero() || cash.lt(amount.add(WITHDRAWAL_FEE))) return;
      this.push(slot, {
        txType: "withdrawal",
        asset: SIM_CASH,
        amount: formatAmount(amount),
        ...none,
        fee: formatAmount(WITHDRAWAL_FEE),
        feeAsset: SIM_CASH,
      });
    }
  }
}

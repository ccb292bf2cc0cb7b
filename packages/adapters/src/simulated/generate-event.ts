import {
  Dec,
  formatAmount,
  hashSeed,
  prng,
  roundAmount,
  type TransactionInput,
} from "@portfolio/core";
import { type ResolvedSimulatedConfig, SIM_CASH } from "./config.js";
import type { Holdings } from "./holdings.js";
import type { SimulatedMarket } from "./market.js";
import type { SimulatedTimeline } from "./timeline.js";

export const SIM_TRADE_FEE = new Dec("0.001");
const WITHDRAWAL_FEE = new Dec("1");
const NO_QUOTE = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };

export interface EventContext {
  config: ResolvedSimulatedConfig;
  market: SimulatedMarket;
  timeline: SimulatedTimeline;
}

/**
 * The platform's own event of `slot`, if any: drawn from a PRNG seeded by (seed, slot) and sized
 * from what the account holds before it, so it is always affordable (a holding a recorded fill
 * took below zero counts as none). Slot 0 is the opening deposit.
 */
export function generateEvent(
  ctx: EventContext,
  slot: number,
  held: Holdings,
): TransactionInput | null {
  const event = (tx: Omit<TransactionInput, "txId" | "timestamp" | "metadata">) => ({
    ...tx,
    txId: `sim-${slot}`,
    timestamp: new Date(ctx.timeline.slotTime(slot)).toISOString(),
    metadata: { slot },
  });
  if (slot === 0)
    return event({
      txType: "deposit",
      asset: SIM_CASH,
      amount: ctx.config.initialDeposit,
      ...NO_QUOTE,
    });
  const rand = prng(hashSeed(ctx.config.seed, "event", slot));
  const roll = rand();
  const cash = held.available(SIM_CASH);
  const assets = ctx.config.assets;
  const asset = assets[Math.floor(rand() * assets.length)] as string;
  const fraction = new Dec((0.05 + rand() * 0.25).toFixed(4));
  if (roll < 0.55) {
    const price = ctx.market.price(asset, slot);
    const buy = rand() < 0.5 || held.available(asset).isZero();
    const quantity = buy
      ? roundAmount(cash.mul(fraction).div(price), 6, "down")
      : roundAmount(held.available(asset).mul(fraction), 6, "down");
    if (quantity.isZero()) return null;
    const quote = quantity.mul(price);
    const fee = roundAmount(quote.mul(SIM_TRADE_FEE), 8, "up");
    if (buy && quote.add(fee).gt(cash)) return null;
    return event({
      txType: buy ? "buy" : "sell",
      asset,
      amount: formatAmount(quantity),
      price: formatAmount(price),
      quoteAsset: SIM_CASH,
      quoteAmount: formatAmount(quote),
      fee: formatAmount(fee),
      feeAsset: SIM_CASH,
    });
  }
  if (roll < 0.62) {
    const amount = new Dec(Math.floor(100 + rand() * 900));
    return event({ txType: "deposit", asset: SIM_CASH, amount: formatAmount(amount), ...NO_QUOTE });
  }
  if (roll < 0.66) {
    const amount = roundAmount(cash.mul(fraction).mul("0.4"), 2, "down");
    if (amount.isZero() || cash.lt(amount.add(WITHDRAWAL_FEE))) return null;
    return event({
      txType: "withdrawal",
      asset: SIM_CASH,
      amount: formatAmount(amount),
      ...NO_QUOTE,
      fee: formatAmount(WITHDRAWAL_FEE),
      feeAsset: SIM_CASH,
    });
  }
  return null;
}

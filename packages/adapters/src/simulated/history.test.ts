import {
  balanceEffects,
  Dec,
  formatAmount,
  hashSeed,
  normal,
  prng,
  roundAmount,
  type TransactionInput,
} from "@portfolio/core";
import { describe, expect, it } from "vitest";
import type { TransactionPage } from "../adapter.js";
import type { AdapterResult } from "../adapter-error.js";
import {
  type ResolvedSimulatedConfig,
  SIM_CASH,
  SIM_INSTRUMENTS,
  SimulatedConfig,
} from "./config.js";
import { SimulatedAdapter } from "./simulated-adapter.js";

const START = Date.parse("2024-01-01T00:00:00Z");
const MINUTE = 60_000;

function unwrap<T>(r: AdapterResult<T>): T {
  if (!r.ok) throw new Error(`adapter failed: ${r.error.message}`);
  return r.value;
}

function minuteConfig(seed: string): ResolvedSimulatedConfig {
  const config = SimulatedConfig.parse({
    seed,
    start: new Date(START).toISOString(),
    stepSeconds: 60,
  });
  return { ...config, seed, start: new Date(START).toISOString() };
}

/**
 * The first implementation's history, written out plainly: every slot from 0 in one pass, the
 * walk one step per slot, holdings moved by hand. What paging must reproduce exactly.
 */
function* firstImplementation(config: ResolvedSimulatedConfig): Generator<TransactionInput> {
  const held = new Map<string, Dec>();
  const get = (asset: string) => held.get(asset) ?? new Dec(0);
  const move = (asset: string, delta: Dec) => held.set(asset, get(asset).add(delta));
  const walks = new Map<string, { slot: number; log: number }>();
  const price = (asset: string, slot: number) => {
    const instrument = SIM_INSTRUMENTS[asset] as { startPrice: number; hourlyVol: number };
    const vol = instrument.hourlyVol * Math.sqrt(config.stepSeconds / 3600);
    const walk = walks.get(asset) ?? { slot: 0, log: Math.log(instrument.startPrice) };
    for (let k = walk.slot + 1; k <= slot; k++) {
      const rand = prng(hashSeed(config.seed, "walk", asset, k));
      walk.log = walk.log + vol * normal(rand) - (vol * vol) / 2;
    }
    walk.slot = slot;
    walks.set(asset, walk);
    return new Dec(Math.exp(walk.log).toPrecision(6));
  };
  const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };
  for (let slot = 0; ; slot++) {
    const at = (tx: Omit<TransactionInput, "txId" | "timestamp" | "metadata">) => ({
      ...tx,
      txId: `sim-${slot}`,
      timestamp: new Date(START + slot * config.stepSeconds * 1000).toISOString(),
      metadata: { slot },
    });
    if (slot === 0) {
      move(SIM_CASH, new Dec(config.initialDeposit));
      yield at({ txType: "deposit", asset: SIM_CASH, amount: config.initialDeposit, ...none });
      continue;
    }
    const rand = prng(hashSeed(config.seed, "event", slot));
    const roll = rand();
    const cash = get(SIM_CASH);
    const asset = config.assets[Math.floor(rand() * config.assets.length)] as string;
    const fraction = new Dec((0.05 + rand() * 0.25).toFixed(4));
    if (roll < 0.55) {
      const p = price(asset, slot);
      const buy = rand() < 0.5 || get(asset).isZero();
      const quantity = buy
        ? roundAmount(cash.mul(fraction).div(p), 6, "down")
        : roundAmount(get(asset).mul(fraction), 6, "down");
      if (quantity.isZero()) continue;
      const quote = quantity.mul(p);
      const fee = roundAmount(quote.mul("0.001"), 8, "up");
      move(asset, buy ? quantity : quantity.neg());
      move(SIM_CASH, (buy ? quote.neg() : quote).sub(fee));
      yield at({
        txType: buy ? "buy" : "sell",
        asset,
        amount: formatAmount(quantity),
        price: formatAmount(p),
        quoteAsset: SIM_CASH,
        quoteAmount: formatAmount(quote),
        fee: formatAmount(fee),
        feeAsset: SIM_CASH,
      });
    } else if (roll < 0.62) {
      const amount = new Dec(Math.floor(100 + rand() * 900));
      move(SIM_CASH, amount);
      yield at({ txType: "deposit", asset: SIM_CASH, amount: formatAmount(amount), ...none });
    } else if (roll < 0.66) {
      const amount = roundAmount(cash.mul(fraction).mul("0.4"), 2, "down");
      if (amount.isZero() || cash.lt(amount.add(1))) continue;
      move(SIM_CASH, amount.add(1).neg());
      yield at({
        txType: "withdrawal",
        asset: SIM_CASH,
        amount: formatAmount(amount),
        ...none,
        fee: "1",
        feeAsset: SIM_CASH,
      });
    }
  }
}

/** reads every page up to the present, each with a new adapter (nothing kept between pages) */
async function* pagesAcrossRestarts(
  config: ResolvedSimulatedConfig,
  now: () => number,
  limit: number,
): AsyncGenerator<TransactionPage & { adapter: SimulatedAdapter }> {
  let cursor: string | null = null;
  for (;;) {
    const adapter = new SimulatedAdapter(config, now);
    const page: TransactionPage = unwrap(await adapter.getTransactions({ cursor, limit }));
    yield { ...page, adapter };
    if (!page.hasMore) return;
    cursor = page.nextCursor;
  }
}

async function expectBalancesToBe(adapter: SimulatedAdapter, implied: Map<string, Dec>) {
  const balances = unwrap(await adapter.getBalances());
  for (const b of balances) {
    const total = formatAmount(new Dec(b.free).add(b.locked));
    expect([b.asset, total]).toEqual([b.asset, formatAmount(implied.get(b.asset) ?? new Dec(0))]);
  }
  for (const [asset, amount] of implied)
    if (!amount.isZero()) expect(balances.map((b) => b.asset)).toContain(asset);
}

describe("simulated history", () => {
  it("matches the first implementation event by event over 20,000 slots", async () => {
    const config = minuteConfig("reference");
    const now = () => START + 20_000 * MINUTE + 30_000;
    const paged: TransactionInput[] = [];
    for await (const page of pagesAcrossRestarts(config, now, 37)) paged.push(...page.transactions);
    const reference = firstImplementation(config);
    const expected = paged.map(() => reference.next().value as TransactionInput);
    expect(paged.length).toBeGreaterThan(12_000);
    expect(paged).toEqual(expected);
    // the next reference event lies beyond the present
    const after = reference.next().value as TransactionInput;
    expect(Date.parse(after.timestamp)).toBeGreaterThan(now());
  });

  it("pages through 500,000 slots across restarts, equal to one plain pass, balances its sum", async () => {
    const slots = 500_000;
    const config = minuteConfig("long");
    const now = () => START + slots * MINUTE + 1;
    const reference = firstImplementation(config);
    const implied = new Map<string, Dec>();
    let count = 0;
    let mismatch: [TransactionInput, TransactionInput] | null = null;
    let last: SimulatedAdapter | null = null;
    for await (const page of pagesAcrossRestarts(config, now, 2000)) {
      for (const tx of page.transactions) {
        const expected = reference.next().value as TransactionInput;
        if (!mismatch && JSON.stringify(tx) !== JSON.stringify(expected)) mismatch = [tx, expected];
        for (const [asset, delta] of balanceEffects(tx))
          implied.set(asset, (implied.get(asset) ?? new Dec(0)).add(delta));
        count++;
      }
      last = page.adapter;
    }
    expect(mismatch).toBeNull();
    expect(count).toBeGreaterThan(300_000);
    await expectBalancesToBe(last as SimulatedAdapter, implied);
  });

  it("gives a fresh instance the same balances by replaying from the start", async () => {
    const config = minuteConfig("fresh");
    const now = () => START + 5_000 * MINUTE;
    const history: TransactionInput[] = [];
    for await (const page of pagesAcrossRestarts(config, now, 500))
      history.push(...page.transactions);
    const implied = new Map<string, Dec>();
    for (const tx of history)
      for (const [asset, delta] of balanceEffects(tx))
        implied.set(asset, (implied.get(asset) ?? new Dec(0)).add(delta));
    await expectBalancesToBe(new SimulatedAdapter(config, now), implied);
  });
});

import { Dec, formatAmount, rebasePrices, roundAmount } from "@portfolio/core";
import type {
  AssetInfo,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import { SIM_CASH, SIM_INSTRUMENTS, SIM_PRICE_BASE, type SimulatedConfig } from "./config.js";
import { SIM_TRADE_FEE, SimulatedLedger } from "./ledger.js";
import { SimulatedMarket } from "./market.js";
import { hashSeed, prng } from "./random.js";

const CURSOR = /^(0|[1-9][0-9]{0,9})$/;

/**
 * A deterministic platform: prices walk, the account trades, deposits and withdraws, and the
 * history grows with the injected clock. Same seed and clock, same answers, so demos look alive
 * and tests are repeatable.
 */
export class SimulatedAdapter implements PlatformAdapter {
  readonly provider = "simulated";
  readonly takerFeeRate = formatAmount(SIM_TRADE_FEE);
  private readonly market: SimulatedMarket;
  private readonly ledger: SimulatedLedger;
  private calls = 0;

  constructor(
    private readonly config: SimulatedConfig,
    private readonly now: () => number,
  ) {
    this.market = new SimulatedMarket(config);
    this.ledger = new SimulatedLedger(config, this.market);
  }

  /** The slot the clock is in; −1 before the account opened. */
  private currentSlot(): number {
    const elapsed = this.now() - Date.parse(this.config.start);
    return elapsed < 0 ? -1 : Math.floor(elapsed / (this.config.stepSeconds * 1000));
  }

  private outage(): AdapterResult<never> | null {
    this.calls++;
    if (this.config.failureRate === 0) return null;
    const roll = prng(hashSeed(this.config.seed, "fault", this.calls))();
    return roll < this.config.failureRate
      ? fail("unavailable", "simulated platform outage (503)")
      : null;
  }

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    const down = this.outage();
    if (down) return down;
    const slot = this.currentSlot();
    this.ledger.upTo(slot);
    const held = this.ledger.balances();
    // An open order holds 5% of the cash in about a third of the slots.
    const lockCash = slot >= 0 && prng(hashSeed(this.config.seed, "open-order", slot))() < 0.3;
    const out: PlatformBalance[] = [];
    for (const asset of [SIM_CASH, ...this.config.assets]) {
      const total = held.get(asset) ?? new Dec(0);
      const locked =
        asset === SIM_CASH && lockCash ? roundAmount(total.mul("0.05"), 2, "down") : new Dec(0);
      out.push({ asset, free: formatAmount(total.sub(locked)), locked: formatAmount(locked) });
    }
    return ok(out);
  }

  async getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>> {
    const down = this.outage();
    if (down) return down;
    if (opts.cursor !== null && !CURSOR.test(opts.cursor))
      return fail("bad_request", `malformed cursor ${opts.cursor}`);
    const from = opts.cursor === null ? 0 : Number(opts.cursor);
    const events = this.ledger.upTo(this.currentSlot());
    const page = events.slice(from, from + opts.limit);
    const next = from + page.length;
    return ok({ transactions: page, nextCursor: String(next), hasMore: next < events.length });
  }

  async getAssetInfo(asset: string): Promise<AdapterResult<AssetInfo | null>> {
    if (asset === SIM_CASH) return ok({ asset, name: "Tether USD", decimals: 8 });
    const instrument = SIM_INSTRUMENTS[asset];
    return ok(instrument ? { asset, name: instrument.name, decimals: instrument.decimals } : null);
  }

  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    const down = this.outage();
    if (down) return down;
    const slot = Math.max(0, this.currentSlot());
    const usd = new Map<string, Dec>([[SIM_CASH, new Dec(1)]]);
    for (const asset of this.config.assets) usd.set(asset, this.market.price(asset, slot));
    const prices = rebasePrices(usd, SIM_PRICE_BASE, base);
    if (!prices) return fail("unsupported", `no simulated price for base ${base}`);
    return ok({
      base,
      prices: Object.fromEntries(
        [...prices]
          .filter(([a]) => a !== base)
          .map(([a, p]) => [a, formatAmount(p.toSignificantDigits(20))]),
      ),
      asOf: new Date(this.ledger.slotTime(slot)).toISOString(),
    });
  }
}

import { Dec, formatAmount, hashSeed, prng, rebasePrices, roundAmount } from "@portfolio/core";
import type {
  AdapterDeps,
  AssetInfo,
  MarketValues,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import {
  type ResolvedSimulatedConfig,
  SIM_CASH,
  SIM_INSTRUMENTS,
  SIM_PRICE_BASE,
  type SimulatedConfig,
} from "./config.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { type EventContext, SIM_TRADE_FEE } from "./generate-event.js";
import { LEDGER_START, type LedgerPosition, SimulatedLedger } from "./ledger.js";
import { SimulatedMarket } from "./market.js";
import { SimulatedTimeline } from "./timeline.js";

/**
 * A deterministic platform: prices walk, the account trades, deposits and withdraws, the fills
 * bots record are booked into its ledger, and the history grows with the injected clock. Same
 * seed, clock and fills, same answers, so demos look alive and tests are repeatable.
 *
 * Its balances are the end of its history, so the host reads them after the last page
 * ({@link balancesFollowHistory}): the adapter keeps where the last page stopped and goes on
 * from there; a fresh instance replays from the beginning (correct, only slower).
 */
export class SimulatedAdapter implements PlatformAdapter {
  readonly provider = "simulated";
  readonly takerFeeRate = formatAmount(SIM_TRADE_FEE);
  readonly balancesFollowHistory = true;
  private readonly config: ResolvedSimulatedConfig;
  private readonly ctx: EventContext;
  private readonly ledger: SimulatedLedger;
  /** the furthest position reached in the past (its slot is not ahead of the clock) */
  private reached: LedgerPosition | null = null;
  /** when the last history page was read: balances hold the fills booked by then, no later */
  private historyReadAt: number | null = null;
  private calls = 0;

  constructor(
    config: SimulatedConfig,
    private readonly now: () => number,
    bookedFills?: AdapterDeps["bookedFills"],
  ) {
    const { seed, start } = config;
    if (seed === undefined || start === undefined)
      throw new Error("a simulated config needs its seed and start (see resolveSimulatedConfig)");
    this.config = { ...config, seed, start };
    const timeline = new SimulatedTimeline(this.config);
    this.ctx = { config: this.config, market: new SimulatedMarket(this.config), timeline };
    this.ledger = new SimulatedLedger(this.ctx, bookedFills);
  }

  /** The slot the clock is in; −1 before the account opened. */
  private currentSlot(): number {
    return this.ctx.timeline.slotAt(this.now());
  }

  private outage(): AdapterResult<never> | null {
    this.calls++;
    if (this.config.failureRate === 0) return null;
    const roll = prng(hashSeed(this.config.seed, "fault", this.calls))();
    return roll < this.config.failureRate
      ? fail("unavailable", "simulated platform outage (503)")
      : null;
  }

  private reach(position: LedgerPosition): void {
    if (!this.reached || position.slot >= this.reached.slot) this.reached = position;
  }

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    const down = this.outage();
    if (down) return down;
    const slot = this.currentSlot();
    const out: PlatformBalance[] = [];
    if (slot < 0) {
      for (const asset of [SIM_CASH, ...this.config.assets])
        out.push({ asset, free: "0", locked: "0" });
      return ok(out);
    }
    const from = this.reached && this.reached.slot <= slot ? this.reached : LEDGER_START;
    // the balances the history just read shows: a fill booked since is in neither (the host
    // keeps it applied on top until the next page shows it)
    const upTo = this.historyReadAt ?? this.now();
    const { held, position } = this.ledger.holdingsAt(from, slot, upTo);
    // a position worked out without the latest fills is not one to go on from
    if (this.historyReadAt === null) this.reach(position);
    const listed = [SIM_CASH, ...this.config.assets];
    const others = [...held.entries()]
      .filter(([asset, amount]) => !listed.includes(asset) && !amount.isZero())
      .map(([asset]) => asset)
      .sort();
    // An open order holds 5% of the cash in about a third of the slots.
    const lockCash = prng(hashSeed(this.config.seed, "open-order", slot))() < 0.3;
    for (const asset of [...listed, ...others]) {
      const total = held.get(asset);
      const locked =
        asset === SIM_CASH && lockCash && total.gt(0)
          ? roundAmount(total.mul("0.05"), 2, "down")
          : new Dec(0);
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
    const cursor = decodeCursor(opts.cursor);
    if (cursor.kind === "malformed") return fail("bad_request", `malformed cursor ${opts.cursor}`);
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 1)
      return fail("bad_request", `page limit must be a positive integer, not ${opts.limit}`);
    let from = LEDGER_START;
    if (cursor.kind === "resume") {
      from = cursor.position;
      for (const asset of this.config.assets) {
        const logPrice = cursor.walk.get(asset);
        if (logPrice !== undefined) this.ctx.market.remember(asset, from.slot, logPrice);
      }
    }
    const present = this.currentSlot();
    const readAt = this.now();
    this.historyReadAt = readAt;
    const page =
      present < 0
        ? { events: [], next: from, hasMore: false }
        : this.ledger.page(from, opts.limit, present, readAt);
    if (page.next.slot <= present) this.reach(page.next);
    const walk = new Map(
      this.config.assets.map((a) => [a, this.ctx.market.logPrice(a, page.next.slot)]),
    );
    return ok({
      transactions: page.events,
      nextCursor: encodeCursor(page.next, walk),
      hasMore: page.hasMore,
    });
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
    for (const asset of this.config.assets) usd.set(asset, this.ctx.market.price(asset, slot));
    const prices = rebasePrices(usd, SIM_PRICE_BASE, base);
    if (!prices) return fail("unsupported", `no simulated price for base ${base}`);
    return ok({
      base,
      prices: Object.fromEntries(
        [...prices]
          .filter(([a]) => a !== base)
          .map(([a, p]) => [a, formatAmount(p.toSignificantDigits(20))]),
      ),
      asOf: new Date(this.ctx.timeline.slotTime(slot)).toISOString(),
    });
  }
}

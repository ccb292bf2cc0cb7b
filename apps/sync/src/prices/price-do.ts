/// <reference path="../../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { BinancePriceSource, type LimitsState } from "@portfolio/adapters";
import { createDb } from "@portfolio/db";
import type {
  DailyPricesResult,
  HourlyPricesResult,
  MomentPricesResult,
  PricesResult,
} from "./price-answers.js";
import { PriceService } from "./price-service.js";

/** where the object keeps its Binance client's weight state (see BinanceClient.limits) */
const LIMITS_KEY = "binance:limits";

/** the one price object: one weight budget for Binance's public market data */
export const PRICE_OBJECT = "prices";

/**
 * The price service's home: one object, so Binance's public market data is read within one
 * weight budget and its answers (the listed pairs, the tickers) are shared by every caller.
 * Candles go to D1, where every worker can read them.
 */
export class PriceDO extends DurableObject<SyncEnv> {
  private service: PriceService | null = null;
  private source: BinancePriceSource | null = null;

  private async priceService(): Promise<PriceService> {
    if (!this.service) {
      const source = new BinancePriceSource(this.env.PRICE_BINANCE_URL, {
        now: () => Date.now(),
        fetch: (i, init) => fetch(i, init),
      });
      // the weight used per window and the end of a ban outlive the object, as an account's do
      const saved = await this.ctx.storage.get<LimitsState>(LIMITS_KEY);
      if (saved) source.client.restoreLimits(saved);
      this.source = source;
      this.service = new PriceService(createDb(this.env.DB), source, () => Date.now());
    }
    return this.service;
  }

  /** Stores the client's weight state after a call that may have moved it. */
  private async saveLimits(): Promise<void> {
    if (this.source) await this.ctx.storage.put(LIMITS_KEY, this.source.client.limits());
  }

  /** Prices of `assets` in `base`, now or at `at` (epoch ms); see PriceService.prices. */
  async prices(assets: string[], base: string, at?: number): Promise<PricesResult> {
    return this.withService((s) => s.prices(assets, base, at));
  }

  /** One asset's daily closes in `base` over a range of UTC days; see PriceService.dailyPrices. */
  async dailyPrices(
    asset: string,
    base: string,
    fromDay: number,
    toDay: number,
  ): Promise<DailyPricesResult> {
    return this.withService((s) => s.dailyPrices(asset, base, fromDay, toDay));
  }

  /** One asset's hourly closes in `base` over a range of UTC hours; see PriceService.hourlyPrices. */
  async hourlyPrices(
    asset: string,
    base: string,
    fromHour: number,
    toHour: number,
  ): Promise<HourlyPricesResult> {
    return this.withService((s) => s.hourlyPrices(asset, base, fromHour, toHour));
  }

  /** Each asset's price at its own moment; see PriceService.pricesAt. */
  async pricesAt(
    base: string,
    items: { asset: string; at: number }[],
  ): Promise<MomentPricesResult> {
    return this.withService((s) => s.pricesAt(base, items));
  }

  /** Runs `f` on the service and stores the client's weight state after it, whatever happens. */
  private async withService<T>(f: (s: PriceService) => Promise<T>): Promise<T> {
    try {
      return await f(await this.priceService());
    } finally {
      await this.saveLimits();
    }
  }
}

/** The price object's stub. */
export function priceStub(ns: DurableObjectNamespace<PriceDO>): DurableObjectStub<PriceDO> {
  return ns.get(ns.idFromName(PRICE_OBJECT));
}

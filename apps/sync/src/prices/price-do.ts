/// <reference path="../../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { BinancePriceSource } from "@portfolio/adapters";
import { createDb } from "@portfolio/db";
import { type DailyPricesResult, PriceService, type PricesResult } from "./price-service.js";

/** the one price object: one weight budget for Binance's public market data */
export const PRICE_OBJECT = "prices";

/**
 * The price service's home: one object, so Binance's public market data is read within one
 * weight budget and its answers (the listed pairs, the tickers) are shared by every caller.
 * Candles go to D1, where every worker can read them.
 */
export class PriceDO extends DurableObject<SyncEnv> {
  private service: PriceService | null = null;

  private priceService(): PriceService {
    this.service ??= new PriceService(
      createDb(this.env.DB),
      new BinancePriceSource(this.env.PRICE_BINANCE_URL, {
        now: () => Date.now(),
        fetch: (i, init) => fetch(i, init),
      }),
      () => Date.now(),
    );
    return this.service;
  }

  /** Prices of `assets` in `base`, now or at `at` (epoch ms); see PriceService.prices. */
  async prices(assets: string[], base: string, at?: number): Promise<PricesResult> {
    return this.priceService().prices(assets, base, at);
  }

  /** One asset's daily closes in `base` over a range of UTC days; see PriceService.dailyPrices. */
  async dailyPrices(
    asset: string,
    base: string,
    fromDay: number,
    toDay: number,
  ): Promise<DailyPricesResult> {
    return this.priceService().dailyPrices(asset, base, fromDay, toDay);
  }
}

/** The price object's stub. */
export function priceStub(ns: DurableObjectNamespace<PriceDO>): DurableObjectStub<PriceDO> {
  return ns.get(ns.idFromName(PRICE_OBJECT));
}

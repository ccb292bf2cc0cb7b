import { assetSymbol, positiveDecimalString } from "@portfolio/core";
import { z } from "zod";

/** The simulated platform's instruments: a start price and an hourly volatility each. */
export const SIM_INSTRUMENTS: Record<
  string,
  { name: string; decimals: number; startPrice: number; hourlyVol: number }
> = {
  BTC: { name: "Bitcoin", decimals: 8, startPrice: 60000, hourlyVol: 0.006 },
  ETH: { name: "Ether", decimals: 8, startPrice: 3000, hourlyVol: 0.008 },
  SOL: { name: "Solana", decimals: 8, startPrice: 150, hourlyVol: 0.012 },
  DOGE: { name: "Dogecoin", decimals: 8, startPrice: 0.15, hourlyVol: 0.015 },
};

export const SimulatedConfig = z
  .object({
    /**
     * the whole history follows from the seed: same seed, same platform. Optional: registration
     * fills it in (`resolveSimulatedConfig`), so a simulated account needs no config.
     */
    seed: z.string().min(1).max(64).optional(),
    /** when the simulated account opened (its first deposit); filled in at registration too */
    start: z.iso.datetime({ offset: true }).optional(),
    /** one market step (and at most one account event) per this many seconds */
    stepSeconds: z.number().int().min(60).max(86400).default(3600),
    assets: z
      .array(assetSymbol.refine((a) => a in SIM_INSTRUMENTS, "not a simulated instrument"))
      .min(1)
      .default(["BTC", "ETH", "SOL"]),
    initialDeposit: positiveDecimalString.default("10000"),
    /** fraction of adapter calls that fail as a retryable outage, for exercising backoff */
    failureRate: z.number().min(0).max(1).default(0),
  })
  .strict();
export type SimulatedConfig = z.output<typeof SimulatedConfig>;

/** A stored simulated config: registration has given it its seed and start. */
export type ResolvedSimulatedConfig = SimulatedConfig & { seed: string; start: string };

/** The simulated platform's cash asset; prices are quoted in USD with USDT pegged at 1. */
export const SIM_CASH = "USDT";
export const SIM_PRICE_BASE = "USD";

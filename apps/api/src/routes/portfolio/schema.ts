import { z } from "@hono/zod-openapi";
import {
  accountId,
  assetSymbol,
  decimalString,
  historyIntervals,
  metricPeriods,
  timestampInput,
} from "@portfolio/core";

export const UnavailableAccountSchema = z
  .object({ accountId, reason: z.string() })
  .meta({ id: "UnavailableAccount" });

export const PortfolioQuery = z
  .object({
    base: assetSymbol.default("USD").meta({ description: "currency to value in", example: "USD" }),
  })
  .strict();

export const PortfolioSchema = z
  .object({
    base: assetSymbol,
    /** sum of every priced holding; unpriced holdings are listed, never counted as zero */
    total: decimalString,
    asOf: z.string(),
    /** true when any account's numbers are older than twice its sync interval */
    stale: z.boolean(),
    accounts: z.array(
      z.object({
        accountId,
        name: z.string(),
        value: decimalString,
        unpriced: z.array(assetSymbol),
        syncedAt: z.string().nullable(),
        pricesAsOf: z.string().nullable(),
        stale: z.boolean(),
      }),
    ),
    assets: z.array(
      z.object({
        asset: assetSymbol,
        amount: decimalString,
        value: decimalString.nullable(),
        /** value / total, as a decimal fraction rounded to 8 places */
        share: decimalString.nullable(),
      }),
    ),
    unpriced: z.array(assetSymbol),
    /** accounts whose object could not answer; their holdings are not in the totals */
    unavailableAccounts: z.array(UnavailableAccountSchema),
  })
  .meta({ id: "Portfolio" });

const WireNumber = z.union([z.number(), z.enum(["Infinity", "-Infinity"])]).nullable();

export const HistoryQuery = z
  .object({
    from: timestampInput.optional().meta({ description: "default: 30 days before `to`" }),
    to: timestampInput.optional().meta({ description: "default: now" }),
    interval: z.enum(historyIntervals).default("day"),
    base: assetSymbol.default("USD"),
  })
  .strict();

export const HistorySchema = z
  .object({
    base: assetSymbol,
    interval: z.enum(historyIntervals),
    points: z.array(
      z.object({
        start: z.string(),
        value: decimalString.nullable(),
        inflow: decimalString,
        outflow: decimalString,
      }),
    ),
    unpricedFlows: z.array(z.string()),
    internalTransfers: z.number().int(),
  })
  .meta({ id: "PortfolioHistory" });

export const MetricsQuery = z
  .object({
    period: z.enum(metricPeriods).default("30d"),
    base: assetSymbol.default("USD"),
    benchmark: assetSymbol
      .optional()
      .meta({ description: "an asset whose price series is the benchmark", example: "BTC" }),
    rollingWindow: z.coerce.number().int().min(2).max(365).default(30).meta({
      description: "days in the window of the rolling volatility, Sharpe and max drawdown",
    }),
  })
  .strict();

export const MetricsSchema = z
  .object({
    period: z.enum(metricPeriods),
    base: assetSymbol,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    startValue: decimalString.nullable(),
    endValue: decimalString.nullable(),
    inflows: decimalString,
    outflows: decimalString,
    roi: WireNumber,
    twr: z.object({ total: WireNumber, annualized: WireNumber, days: z.number().int() }),
    mwr: z.object({
      status: z.string(),
      rate: WireNumber,
      logRate: WireNumber.optional().meta({
        description:
          "ln(1 + rate), the continuously compounded rate: exact where `rate` is −1 or Infinity to double precision",
      }),
      method: z.string().optional(),
      iterations: z.number().int().optional(),
      otherRates: z.array(WireNumber).optional().meta({
        description: "other rates that also zero the XNPV (flows that change sign more than once)",
      }),
      reason: z.string().optional(),
    }),
    risk: z.record(z.string(), WireNumber),
    benchmark: z
      .object({ asset: z.string(), totalReturn: WireNumber, points: z.number().int() })
      .nullable(),
    rolling: z.object({
      window: z.number().int(),
      points: z.array(
        z.object({
          date: z.string(),
          volatility: WireNumber,
          sharpe: WireNumber,
          maxDrawdown: WireNumber,
        }),
      ),
    }),
    diversity: z
      .object({
        holdings: z.number().int(),
        hhi: z.number(),
        effectiveHoldings: z.number(),
        normalizedEntropy: z.number(),
        top1Share: z.number(),
        top5Share: z.number(),
      })
      .nullable(),
    custom: z.record(z.string(), WireNumber),
    customErrors: z.record(z.string(), z.string()),
    returns: z.array(z.object({ date: z.string(), return: z.number().nullable() })),
    unpricedFlows: z.array(z.string()),
    conventions: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: "PortfolioMetrics" });

export const SnapshotTakenSchema = z
  .object({
    owner: z.string(),
    written: z.boolean(),
    value: decimalString,
    accounts: z.number().int(),
    unavailableAccounts: z.array(UnavailableAccountSchema),
    timestamp: z.string(),
  })
  .meta({ id: "SnapshotTaken" });

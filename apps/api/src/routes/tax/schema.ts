import { z } from "@hono/zod-openapi";
import { accountId, assetSymbol, decimalString, TaxMethod, timestampInput } from "@portfolio/core";

/** `accountId=a,b` (or repeated): the accounts to report, all of the owner's without it */
const accountIds = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [
    ...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).filter(Boolean)),
  ])
  .pipe(z.array(accountId).min(1).max(100))
  .optional()
  .meta({
    description:
      "accounts to report (comma-separated or repeated); the owner's every account without it",
  });

const method = TaxMethod.optional().meta({
  description: "fifo, lifo, hifo or average; the owner's setting (GET /v1/tax/settings) without it",
});
const base = assetSymbol.default("USD").meta({
  description: "currency or asset to report in: any the price service reaches (a stablecoin too)",
  example: "EUR",
});

export const PnlQuery = z
  .object({
    method,
    base,
    accountId: accountIds,
    from: timestampInput
      .optional()
      .meta({ description: "start of the period (default: the first day of history)" }),
    to: timestampInput.optional().meta({ description: "end of the period (default: now)" }),
  })
  .strict();

const currentYear = () => new Date().getUTCFullYear();
export const TaxReportQuery = z
  .object({
    year: z.coerce
      .number()
      .int()
      .min(2009)
      .refine((y) => y <= currentYear(), { message: "that year has not begun" })
      .meta({ description: "the UTC calendar year", example: 2025 }),
    method,
    base,
    accountId: accountIds,
    format: z.enum(["json", "csv"]).default("json").meta({
      description:
        "json, or csv: one line per lot disposed of, in a common capital-gains form's columns",
    }),
  })
  .strict();

export const LotsQuery = z
  .object({
    asset: assetSymbol.optional().meta({ description: "one asset's lots only" }),
    method,
    base,
    accountId: accountIds,
  })
  .strict();

const money = decimalString.meta({ description: "in the base, rounded as `rounding` says" });
const Rounding = z
  .object({
    places: z.number().int(),
    mode: z.literal("halfEven"),
  })
  .meta({
    id: "Rounding",
    description:
      "money is rounded only on the way out: 2 places for a currency, 8 for an asset, half to even",
  });

const PnlLineSchema = z.object({
  asset: assetSymbol,
  accountId: accountId.optional(),
  realised: money,
  proceeds: money,
  costOfDisposed: money,
  income: money,
  amount: decimalString.meta({ description: "units held now" }),
  costBasis: money,
  value: money.nullable().meta({ description: "value now; null when the asset has no price now" }),
  unrealised: money.nullable(),
});

export const PnlSchema = z
  .object({
    base: assetSymbol,
    method: TaxMethod,
    from: z.string(),
    to: z.string(),
    rounding: Rounding,
    totals: z.object({
      realised: money,
      proceeds: money,
      costOfDisposed: money,
      income: money,
      costBasis: money,
      value: money,
      unrealised: money,
    }),
    byAsset: z.array(PnlLineSchema),
    byAccount: z.array(PnlLineSchema),
    unpriced: z
      .array(assetSymbol)
      .meta({ description: "assets held with no price now: out of value and unrealised" }),
    findings: z.number().int().meta({
      description: "things to check in the whole history (GET /v1/tax/report lists a year's)",
    }),
  })
  .meta({ id: "Pnl" });

const FindingSchema = z.object({
  kind: z.enum(["missing_acquisition", "unpriced", "assumed_basis"]),
  asset: assetSymbol,
  amount: decimalString,
  at: z.string(),
  accountId,
  txId: z.string(),
});

export const TaxReportSchema = z
  .object({
    year: z.number().int(),
    base: assetSymbol,
    method: TaxMethod,
    rounding: Rounding,
    totals: z.object({
      proceeds: money,
      cost: money,
      gain: money,
      shortTerm: money,
      longTerm: money,
      taxFree: money,
      income: money,
    }),
    disposals: z.array(
      z.object({
        asset: assetSymbol,
        amount: decimalString,
        acquiredAt: z
          .string()
          .nullable()
          .meta({ description: "null: a missing acquisition, at zero basis" }),
        disposedAt: z.string(),
        proceeds: money,
        cost: money,
        gain: money,
        term: z.enum(["short", "long"]),
        taxFree: z.boolean(),
        kind: z.enum(["trade", "fee", "transfer_fee", "liquidity"]),
        accountId,
        acquiredIn: accountId.nullable(),
        sourceRows: z
          .array(z.string())
          .meta({ description: "the acquiring and the disposing row, `accountId/txId`" }),
      }),
    ),
    income: z.array(
      z.object({
        asset: assetSymbol,
        amount: decimalString,
        value: money.nullable(),
        at: z.string(),
        accountId,
        txId: z.string(),
      }),
    ),
    findings: z.array(FindingSchema),
  })
  .meta({ id: "TaxReport" });

export const LotsSchema = z
  .object({
    base: assetSymbol,
    method: TaxMethod,
    lots: z.array(
      z.object({
        id: z.string(),
        asset: assetSymbol,
        amount: decimalString,
        cost: decimalString.meta({
          description: "what the units left cost, in the base (unrounded)",
        }),
        acquiredAt: z.string(),
        accountId,
        acquiredIn: accountId,
        source: z.string(),
        basis: z.enum(["trade", "income", "deposit", "exchange", "missing"]),
      }),
    ),
  })
  .meta({ id: "OpenLots" });

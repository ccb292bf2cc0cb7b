import { z } from "@hono/zod-openapi";
import { accountId, assetSymbol, decimalString } from "@portfolio/core";

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
  })
  .meta({ id: "Portfolio" });

import { z } from "@hono/zod-openapi";
import { assetSymbol, decimalString, timestampInput } from "@portfolio/core";

export const PricesQuery = z
  .object({
    assets: z
      .string()
      .max(2_000)
      .transform((s) => [...new Set(s.split(",").filter(Boolean))])
      .pipe(z.array(assetSymbol).min(1).max(100))
      .meta({ description: "comma-separated assets, at most 100", example: "BTC,SOL,ETH" }),
    base: assetSymbol
      .default("USD")
      .meta({ description: "currency or asset to price in", example: "EUR" }),
    at: timestampInput.optional().meta({
      description: "a past moment (default: now): the close of the last candle before it",
    }),
  })
  .strict();

const Hop = z.object({
  from: z.string(),
  to: z.string(),
  price: decimalString,
  source: z.string().meta({
    description:
      '"binance:ticker", "binance:1d", "binance:1h", a pool\'s "uniswap-v3:0x…:1h" (its last hourly close, written by the EVM accounts that price with it), or "binance:ticker:halted" and "par" (both assumptions)',
  }),
  at: z.string(),
});

export const PricesSchema = z
  .object({
    base: assetSymbol,
    at: z.string(),
    prices: z.array(
      z.object({
        asset: z.string(),
        price: decimalString,
        asOf: z.string().nullable().meta({ description: "the oldest quote the price rests on" }),
        assumed: z.number().int().meta({
          description:
            "hops that are assumptions (a dollar stablecoin at par with USD); 0 for market prices",
        }),
        path: z.array(Hop),
      }),
    ),
    unpriced: z
      .array(z.string())
      .meta({ description: "assets no path of known pairs reaches: never priced at zero" }),
  })
  .meta({ id: "Prices" });

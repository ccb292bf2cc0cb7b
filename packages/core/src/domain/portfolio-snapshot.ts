import { z } from "zod";
import {
  assetSymbol,
  decimalString,
  isoTimestamp,
  nonNegativeDecimalString,
} from "./amount-schema.js";

export const AssetHolding = z.object({
  asset: assetSymbol,
  amount: nonNegativeDecimalString,
  /** price of one unit in the base currency; null when no price is known */
  price: decimalString.nullable(),
  /** amount × price in the base currency; null when unpriced */
  value: decimalString.nullable(),
});
export type AssetHolding = z.infer<typeof AssetHolding>;

export const PortfolioSnapshot = z.object({
  id: z.string().regex(/^snap_[0-9a-z]{16,32}$/),
  timestamp: isoTimestamp,
  value: decimalString,
  baseCurrency: assetSymbol,
  assetBreakdown: z.array(AssetHolding),
  insertedAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type PortfolioSnapshot = z.infer<typeof PortfolioSnapshot>;

import { z } from "zod";
import { accountId } from "./account.js";
import { assetSymbol, isoTimestamp, nonNegativeDecimalString } from "./amount-schema.js";

/**
 * One asset's balance in one account. `amount = free + locked` as the platform reports it;
 * `reserved` is what bots reserved through this service and is not yet spent;
 * `available = free − reserved`, what a new trade may spend.
 */
export const Balance = z.object({
  accountId,
  asset: assetSymbol,
  amount: nonNegativeDecimalString,
  free: nonNegativeDecimalString,
  locked: nonNegativeDecimalString,
  reserved: nonNegativeDecimalString,
  available: nonNegativeDecimalString,
  syncedAt: isoTimestamp,
});
export type Balance = z.infer<typeof Balance>;

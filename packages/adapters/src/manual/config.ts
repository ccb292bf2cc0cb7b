import { assetSymbol } from "@portfolio/core";
import { z } from "zod";

/**
 * A manual account's config: nothing is needed. Its ledger is only what is recorded through the
 * API (opening balances as deposits, then trades, fees, withdrawals).
 */
export const ManualConfig = z
  .object({
    /** the account's cash asset: listed among its balances even before anything moved it */
    currency: assetSymbol.optional(),
    /** free text for people (where the account is held, who keeps it) */
    notes: z.string().max(1000).optional(),
  })
  .strict();
export type ManualConfig = z.output<typeof ManualConfig>;

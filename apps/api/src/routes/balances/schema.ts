import { z } from "@hono/zod-openapi";
import { accountId, assetSymbol, Balance, decimalString } from "@portfolio/core";
import { UnavailableAccountSchema } from "../portfolio/schema.js";

export const AllBalancesQuery = z
  .object({
    base: assetSymbol.optional().meta({
      description: "also value each total in this currency, from each account's last prices",
      example: "USD",
    }),
  })
  .strict();

const AccountBalancesSchema = z.object({
  accountId,
  name: z.string(),
  version: z.number().int().meta({ description: "the account's balances version (its ETag)" }),
  platformAsOf: z.string().nullable(),
  syncedAt: z.string().nullable(),
  stale: z.boolean(),
  balances: z.array(Balance),
});

const BalanceTotalSchema = z.object({
  asset: assetSymbol,
  amount: decimalString,
  free: decimalString,
  locked: decimalString,
  reserved: decimalString,
  available: decimalString,
  value: decimalString.nullable().optional().meta({
    description:
      "with `base`: the total's value in it; null when an account holding it has no price for it",
  }),
});

export const AllBalancesSchema = z
  .object({
    base: assetSymbol.nullable().meta({ description: "the `base` asked for, or null" }),
    accounts: z.array(AccountBalancesSchema),
    /** exact sums per asset over the accounts that answered */
    totals: z.array(BalanceTotalSchema),
    /** accounts whose object could not answer; their balances are not in the totals */
    unavailableAccounts: z.array(UnavailableAccountSchema),
  })
  .meta({ id: "AllBalances" });

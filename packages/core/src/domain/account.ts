import { z } from "zod";
import { isoTimestamp } from "./amount-schema.js";
import { JsonObject } from "./json.js";

export const accountTypes = ["dex", "cex"] as const;
export const AccountType = z.enum(accountTypes);
export type AccountType = z.infer<typeof AccountType>;

export const providers = ["simulated", "binance", "evm"] as const;
export const Provider = z.enum(providers);
export type Provider = z.infer<typeof Provider>;

/**
 * Providers with a working adapter.
 * The account type each provider implies; registration derives it, never trusts a mismatch.
 */
export const providerAccountType: Record<Provider, AccountType> = {
  simulated: "cex",
  binance: "cex",
  evm: "dex",
};

export const accountId = z
  .string()
  .regex(/^acct_[0-9a-z]{16,32}$/, "expected an account id such as acct_…");

export const Account = z.object({
  id: accountId,
  name: z.string().min(1).max(100),
  type: AccountType,
  provider: Provider,
  /** The account's id on its platform (exchange uid, wallet address, simulated seed name). */
  accountId: z.string().max(200).nullable(),
  /** Public configuration; credentials never appear here. */
  config: JsonObject,
  metadata: JsonObject,
  active: z.boolean(),
  insertedAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Account = z.infer<typeof Account>;

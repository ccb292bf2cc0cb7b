import { z } from "zod";
import { isoTimestamp } from "./amount-schema.js";
import { JsonObject } from "./json.js";

export const accountTypes = ["dex", "cex"] as const;
export const AccountType = z.enum(accountTypes);
export type AccountType = z.infer<typeof AccountType>;

export const providers = ["simulated", "binance", "evm", "manual"] as const;
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
  /** a ledger kept by hand, off-chain (a broker, a bank, cash): custodial, like an exchange */
  manual: "cex",
};

export const accountId = z
  .string()
  .regex(/^acct_[0-9a-z]{16,32}$/, "expected an account id such as acct_…");

export const Account = z.object({
  id: accountId,
  name: z.string().min(1).max(100),
  type: AccountType,
  provider: Provider,
  /**
   * The account's id on its platform, which an owner registers once: Binance's `uid`, an EVM
   * account's `evm:<chainId>:<its addresses, lower case, sorted, comma-separated>`; for simulated
   * and manual accounts, whatever the registrant gave.
   */
  platformAccountId: z.string().max(1000).nullable(),
  /** Public configuration; credentials never appear here. */
  config: JsonObject,
  metadata: JsonObject,
  active: z.boolean(),
  insertedAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Account = z.infer<typeof Account>;

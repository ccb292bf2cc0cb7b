import type { AccountValuation } from "@portfolio/core";
import type { AccountDO } from "../account-do.js";
import { askAccounts, type UnavailableAccount } from "./ask-accounts.js";

export type { UnavailableAccount } from "./ask-accounts.js";

/**
 * Every account's valuation input, asked in parallel. One that throws, times out or answers an
 * error is listed with the reason instead of failing the whole portfolio.
 */
export async function valueAccounts(
  ns: DurableObjectNamespace<AccountDO>,
  ids: readonly string[],
  owner: string,
): Promise<{ valuations: AccountValuation[]; unavailableAccounts: UnavailableAccount[] }> {
  const { answers, unavailableAccounts } = await askAccounts(ns, ids, (a) => a.valuation(owner));
  return { valuations: answers.map((a) => a.value), unavailableAccounts };
}

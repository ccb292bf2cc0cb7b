import type { AccountValuation } from "@portfolio/core";
import { accountClient } from "../account-client.js";
import type { AccountDO } from "../account-do.js";

export interface UnavailableAccount {
  accountId: string;
  reason: string;
}

/** How long one account may take to answer before the portfolio goes on without it. */
const ANSWER_TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

/**
 * Every account's valuation input, asked in parallel. One that throws, times out or answers an
 * error is listed with the reason instead of failing the whole portfolio.
 */
export async function valueAccounts(
  ns: DurableObjectNamespace<AccountDO>,
  ids: readonly string[],
  owner: string,
): Promise<{ valuations: AccountValuation[]; unavailableAccounts: UnavailableAccount[] }> {
  const answers = await Promise.allSettled(
    ids.map((id) => withTimeout(accountClient(ns, id).valuation(owner), ANSWER_TIMEOUT_MS)),
  );
  const valuations: AccountValuation[] = [];
  const unavailableAccounts: UnavailableAccount[] = [];
  answers.forEach((a, i) => {
    const accountId = ids[i] as string;
    if (a.status === "rejected")
      unavailableAccounts.push({ accountId, reason: `failed: ${String(a.reason).slice(0, 200)}` });
    else if (!a.value.ok) unavailableAccounts.push({ accountId, reason: a.value.error.message });
    else valuations.push(a.value.value);
  });
  return { valuations, unavailableAccounts };
}

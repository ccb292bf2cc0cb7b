import { type AccountClient, accountClient } from "../account-client.js";
import type { AccountDO } from "../account-do.js";
import type { RpcResult } from "../rpc-types.js";

export interface UnavailableAccount {
  accountId: string;
  reason: string;
}

/** How long one account may take to answer before a question across accounts goes on without it. */
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
 * Asks every account's object the same question, in parallel, each within a timeout. One that
 * throws, times out or answers an error is listed with the reason instead of failing the whole
 * answer; the others' answers come back in the order of `ids`.
 */
export async function askAccounts<T>(
  ns: DurableObjectNamespace<AccountDO>,
  ids: readonly string[],
  ask: (account: AccountClient) => Promise<RpcResult<T>>,
  timeoutMs = ANSWER_TIMEOUT_MS,
): Promise<{
  answers: { accountId: string; value: T }[];
  unavailableAccounts: UnavailableAccount[];
}> {
  const settled = await Promise.allSettled(
    ids.map((id) => withTimeout(ask(accountClient(ns, id)), timeoutMs)),
  );
  const answers: { accountId: string; value: T }[] = [];
  const unavailableAccounts: UnavailableAccount[] = [];
  settled.forEach((a, i) => {
    const accountId = ids[i] as string;
    if (a.status === "rejected") {
      // what failed inside is logged, not handed to every read key
      console.error(
        JSON.stringify({ event: "account_unavailable", accountId, error: String(a.reason) }),
      );
      unavailableAccounts.push({
        accountId,
        reason: "the account's object failed or did not answer in time",
      });
    } else if (!a.value.ok) unavailableAccounts.push({ accountId, reason: a.value.error.message });
    else answers.push({ accountId, value: a.value.value });
  });
  return { answers, unavailableAccounts };
}

/// <reference path="../../worker-configuration.d.ts" />
import { createDb } from "@portfolio/db";
import { balancesChanged } from "../events/build-events.js";
import type { AccountStore } from "../storage/account-store.js";
import { webhookClient } from "../webhooks/webhook-client.js";
import type { OutboxSinks } from "./drain-outbox.js";

/**
 * Where the account's outbox goes: D1, and the webhook object of the account's owner now; a
 * change to the past D1 took asks for the owner's history rebuild (`rebuild`).
 */
export function accountSinks(
  store: AccountStore,
  env: SyncEnv,
  rebuild: (owner: string) => void,
): OutboxSinks {
  const account = store.account();
  const owner = account?.owner ?? "";
  return {
    db: createDb(env.DB),
    pastChanged: () => {
      if (account) rebuild(owner);
    },
    publish: (events) => webhookClient(env.WEBHOOKS, owner).publish(owner, events),
    balancesNow: () => (account ? balancesChanged(account, store, Date.now()) : null),
  };
}

import { createAdapter, type PlatformAdapter } from "@portfolio/adapters";
import { Provider } from "@portfolio/core";
import { openAccountSecrets } from "../credentials/account-secrets.js";
import type { AccountRecord } from "../storage/account-store.js";
import type { AccountWiring } from "./wiring.js";

/** the platform's rate-limit state: weight used per window, the end of a ban */
const PLATFORM_LIMITS = "platform:limits";

export type AdapterSlot = Pick<
  AccountWiring,
  "store" | "credentialsKey" | "heldAdapter" | "holdAdapter"
>;

/**
 * The account's platform adapter: the one the object holds, else one built from the stored
 * config and credentials (then held), which takes up the platform's limits where the last one
 * left them.
 */
export async function adapterFor(d: AdapterSlot, account: AccountRecord): Promise<PlatformAdapter> {
  const held = d.heldAdapter();
  if (held) return held;
  const { config, credentials, update } = await openAccountSecrets(
    await d.credentialsKey(),
    account,
  );
  // credentials or config changed (a PATCH) while these were opened: open the new ones
  const current = d.store.account();
  if (current && (current.credentials !== account.credentials || current.config !== account.config))
    return adapterFor(d, current);
  const built = d.heldAdapter();
  if (built) return built;
  // sealed under a key being rotated out, or an EVM node URL still in the config: stored
  // anew, once
  if (update) d.store.replaceSecrets(update);
  const adapter = createAdapter(Provider.parse(account.provider), config, credentials, {
    now: () => Date.now(),
    fetch: (input, init) => fetch(input, init),
    bookedFills: (from, to) => d.store.fills.booked(from, to),
  });
  d.holdAdapter(adapter);
  // the weight budget and a ban outlive the object: the new adapter takes up where the
  // last one left off
  const limits = d.store.cursor(PLATFORM_LIMITS);
  if (limits !== null) adapter.loadLimits?.(limits);
  return adapter;
}

/** Stores the platform's rate-limit state (see PlatformAdapter.saveLimits), when it moved. */
export function saveLimits(
  d: Pick<AccountWiring, "store" | "now">,
  adapter: PlatformAdapter,
): void {
  const state = adapter.saveLimits?.();
  if (state !== undefined && state !== d.store.cursor(PLATFORM_LIMITS))
    d.store.setCursor(PLATFORM_LIMITS, state, d.now());
}

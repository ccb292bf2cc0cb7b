import type { PlatformAdapter } from "@portfolio/adapters";
import { SYMBOL_RULES_TTL_MS } from "../account/symbol-rules.js";
import type { AccountWiring } from "../account/wiring.js";

/** when a sync last stored the trading rules of the account's pairs */
const RULES_STORED_AT = "rules:storedAt";

/**
 * Once a day, a complete sync stores the trading rules of the account's pairs, so trade checks
 * on them find their rules (and the account's fee rates) in storage. A failure keeps the old
 * ones and tries again after the next sync.
 */
export async function storeRules(
  d: Pick<AccountWiring, "store" | "rules" | "memory" | "now">,
  adapter: PlatformAdapter,
): Promise<void> {
  if (!adapter.accountSymbolRules) return;
  const now = d.now();
  const last = Number(d.store.cursor(RULES_STORED_AT) ?? "0");
  if (now - last < SYMBOL_RULES_TTL_MS) return;
  const r = await adapter.accountSymbolRules();
  if (!r.ok || d.memory.closing) return;
  d.store.atomically(() => {
    d.rules().storeAll(r.value, now);
    d.store.setCursor(RULES_STORED_AT, String(now), now);
  });
}

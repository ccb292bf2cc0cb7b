import { type JsonObject, type Provider, toJson } from "@portfolio/core";
import { parseProviderConfig } from "./create-adapter.js";

/**
 * The config fields of a registered account that may change: how it is read, paced and shown.
 * Every other field says which account, or which history, it is (an EVM account's chain and
 * addresses, its native symbol, wrapped token, Uniswap contracts and first block; Binance's base
 * URL and history start; a simulated account's seed, start, steps, assets and deposit): the
 * history already stored was read with them, so changing one means registering a new account.
 */
export const mutableConfigFields: Record<Provider, readonly string[]> = {
  simulated: ["failureRate"],
  binance: [
    "recvWindow",
    "weightShare",
    "weightLimits",
    "overlapDays",
    "keyType",
    "realtime",
    "wsApiUrl",
  ],
  evm: [
    "confirmations",
    "tokens",
    "pricePools",
    "quoteToken",
    "multicall3",
    "timeoutMs",
    "maxLogRange",
    "allowTokens",
    "spamFilter",
  ],
  manual: ["currency", "notes"],
};

export type ConfigChange =
  | { ok: true; config: JsonObject; changed: string[] }
  | { ok: false; message: string; details: JsonObject };

/** JSON with object keys sorted: equal values print the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A stored config with `patch` applied: each key of the patch replaces the stored value, null
 * removes it (its default applies again); the result is validated as at registration. A field
 * that may not change ({@link mutableConfigFields}) may still be given with its stored value;
 * another value is refused, saying to register a new account. `changed` lists the fields the
 * patch really changed.
 */
export function changeProviderConfig(
  provider: Provider,
  stored: JsonObject,
  patch: JsonObject,
): ConfigChange {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const parsed = parseProviderConfig(provider, merged);
  if (!parsed.success)
    return {
      ok: false,
      message: "invalid provider config",
      details: { issues: toJson(parsed.error.issues) },
    };
  const config = toJson(parsed.data) as JsonObject;
  const changed = Object.keys(patch).filter((k) => canonical(stored[k]) !== canonical(config[k]));
  if (provider === "evm" && changed.some((k) => k === "rpcUrl" || k === "rpcHost"))
    return {
      ok: false,
      message:
        "the node's URL is a credential: rotate it with credentials.rpcUrl (rpcHost follows it)",
      details: { reason: "NODE_URL_IS_A_CREDENTIAL" },
    };
  const mutable = mutableConfigFields[provider];
  const fixed = changed.filter((k) => !mutable.includes(k));
  if (fixed.length)
    return {
      ok: false,
      message: `${fixed.join(", ")} cannot change on a registered ${provider} account: it decides which account, or which history, this is. Register a new account instead`,
      details: { reason: "IMMUTABLE_CONFIG", fields: fixed, mutable: [...mutable] },
    };
  return { ok: true, config, changed };
}

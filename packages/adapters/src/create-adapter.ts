import type { JsonObject, Provider } from "@portfolio/core";
import { z } from "zod";
import type { AdapterDeps, PlatformAdapter } from "./adapter.js";
import { BinanceAdapter } from "./binance/binance-adapter.js";
import { BinanceConfig, BinanceCredentials } from "./binance/config.js";
import { EvmConfig } from "./evm/config.js";
import { EvmCredentials, evmPublicConfig, splitEvmSecrets } from "./evm/credentials.js";
import { EvmAdapter } from "./evm/evm-adapter.js";
import { ManualConfig } from "./manual/config.js";
import { ManualAdapter } from "./manual/manual-adapter.js";
import { SimulatedConfig } from "./simulated/config.js";
import { resolveSimulatedConfig } from "./simulated/resolve-config.js";
import { SimulatedAdapter } from "./simulated/simulated-adapter.js";

/** Per-provider config schemas: registration validates against these before storing anything. */
export const providerConfigSchemas = {
  simulated: SimulatedConfig,
  binance: BinanceConfig,
  evm: EvmConfig,
  manual: ManualConfig,
} as const satisfies Record<Provider, unknown>;

export function parseProviderConfig(provider: Provider, config: unknown) {
  return providerConfigSchemas[provider].safeParse(config);
}

/**
 * A new account's config, parsed, with what it may leave out filled in for good (a simulated
 * account's seed and start), so the stored config pins the platform down.
 */
export function registrationConfig(
  provider: Provider,
  config: unknown,
  ctx: { accountId: string; now: number },
) {
  return provider === "simulated"
    ? resolveSimulatedConfig(config, ctx)
    : parseProviderConfig(provider, config);
}

/**
 * The credentials each provider takes. The simulated platform accepts any (it stands in for a
 * keyed account and ignores them); Binance requires an API key with its secret or private key;
 * an EVM account takes its node's URL and headers (optional here: the URL may still come in
 * `config.rpcUrl`, see {@link splitSecrets}); a manual account takes none.
 */
const credentialSchemas = {
  simulated: { schema: z.record(z.string(), z.string()), required: false },
  binance: { schema: BinanceCredentials, required: true },
  evm: { schema: EvmCredentials, required: false },
  manual: {
    schema: z
      .record(z.string(), z.string())
      .refine((c) => Object.keys(c).length === 0, "a manual account takes no credentials"),
    required: false,
  },
} as const satisfies Record<Provider, unknown>;

/** Checks credentials at registration; answers what is wrong, or null. */
export function checkProviderCredentials(
  provider: Provider,
  credentials: Record<string, string> | null,
): string | null {
  const { schema, required } = credentialSchemas[provider];
  if (!credentials) return required ? `${provider} accounts need credentials` : null;
  const r = schema.safeParse(credentials);
  return r.success
    ? null
    : `invalid ${provider} credentials: ${r.error.issues.map((i) => i.message).join("; ")}`;
}

type Split =
  | { ok: true; config: unknown; credentials: Record<string, string> | null }
  | { ok: false; message: string };

/**
 * Registration's last step before storing: what is secret in a validated config moves into the
 * credentials, which are sealed, so the stored config can be shown to every reader. Only an EVM
 * account's node URL moves (its key is in the path or query; `rpcHost` stays in the config).
 */
export function splitSecrets(
  provider: Provider,
  config: unknown,
  credentials: Record<string, string> | null,
): Split {
  return provider === "evm"
    ? splitEvmSecrets(EvmConfig.parse(config), credentials)
    : { ok: true, config, credentials };
}

/**
 * A stored config as it may be shown: accounts stored before {@link splitSecrets} kept an EVM
 * node's URL in their config, which shows as its `rpcHost` only.
 */
export function publicConfig(provider: string, config: JsonObject): JsonObject {
  return provider === "evm" ? evmPublicConfig(config) : config;
}

/**
 * Whether an account of this provider and (public) config holds a push feed
 * (PlatformAdapter.liveFeed): known from the config alone, so an object that wakes does not
 * open its credentials and build its adapter only to learn it has none.
 */
export function holdsLiveFeed(provider: string, config: JsonObject): boolean {
  return provider === "binance" && config.realtime !== false;
}

/**
 * Platforms whose ledger we keep from the fills recorded through the API (they read
 * `deps.bookedFills`): a fill they have shown can still be voided, their history reverses it.
 */
export const ledgerKeptByUs: Record<Provider, boolean> = {
  simulated: true,
  manual: true,
  binance: false,
  evm: false,
};

/** Builds the adapter for a stored account; config and credentials were validated at registration. */
export function createAdapter(
  provider: Provider,
  config: unknown,
  credentials: Record<string, string> | null,
  deps: AdapterDeps,
): PlatformAdapter {
  switch (provider) {
    case "simulated":
      return new SimulatedAdapter(SimulatedConfig.parse(config), deps.now, deps.bookedFills);
    case "evm":
      return new EvmAdapter(EvmConfig.parse(config), deps, credentials);
    case "manual":
      return new ManualAdapter(ManualConfig.parse(config), deps.now, deps.bookedFills);
    case "binance":
      return new BinanceAdapter(
        BinanceConfig.parse(config),
        credentials ? BinanceCredentials.parse(credentials) : null,
        deps,
      );
  }
}

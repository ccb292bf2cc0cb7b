import type { Provider } from "@portfolio/core";
import { z } from "zod";
import type { AdapterDeps, PlatformAdapter } from "./adapter.js";
import { BinanceAdapter } from "./binance/binance-adapter.js";
import { BinanceConfig, BinanceCredentials } from "./binance/config.js";
import { EvmConfig } from "./evm/config.js";
import { EvmAdapter } from "./evm/evm-adapter.js";
import { SimulatedConfig } from "./simulated/config.js";
import { SimulatedAdapter } from "./simulated/simulated-adapter.js";

/** Per-provider config schemas: registration validates against these before storing anything. */
export const providerConfigSchemas = {
  simulated: SimulatedConfig,
  binance: BinanceConfig,
  evm: EvmConfig,
} as const satisfies Record<Provider, unknown>;

export function parseProviderConfig(provider: Provider, config: unknown) {
  return providerConfigSchemas[provider].safeParse(config);
}

/**
 * The credentials each provider takes. The simulated platform accepts any (it stands in for a
 * keyed account and ignores them); Binance requires an API key with its secret or private key.
 */
const credentialSchemas = {
  simulated: { schema: z.record(z.string(), z.string()), required: false },
  binance: { schema: BinanceCredentials, required: true },
  /** an RPC key can live in the URL; nothing else is taken */
  evm: { schema: z.object({}).strict(), required: false },
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

/** Builds the adapter for a stored account; config and credentials were validated at registration. */
export function createAdapter(
  provider: Provider,
  config: unknown,
  credentials: Record<string, string> | null,
  deps: AdapterDeps,
): PlatformAdapter {
  switch (provider) {
    case "simulated":
      return new SimulatedAdapter(SimulatedConfig.parse(config), deps.now);
    case "evm":
      return new EvmAdapter(EvmConfig.parse(config), deps);
    case "binance":
      return new BinanceAdapter(
        BinanceConfig.parse(config),
        credentials ? BinanceCredentials.parse(credentials) : null,
        deps,
      );
  }
}

import type { Provider } from "@portfolio/core";
import type { AdapterDeps, PlatformAdapter } from "./adapter.js";
import { SimulatedConfig } from "./simulated/config.js";
import { SimulatedAdapter } from "./simulated/simulated-adapter.js";

/** Per-provider config schemas: registration validates against these before storing anything. */
export const providerConfigSchemas = {
  simulated: SimulatedConfig,
} as const satisfies Record<Provider, unknown>;

export function parseProviderConfig(provider: Provider, config: unknown) {
  return providerConfigSchemas[provider].safeParse(config);
}

/** Builds the adapter for a stored account; `config` was validated at registration. */
export function createAdapter(
  provider: Provider,
  config: unknown,
  _credentials: Record<string, string> | null,
  deps: AdapterDeps,
): PlatformAdapter {
  switch (provider) {
    case "simulated":
      // the simulated platform needs no credentials; signed platforms will use them
      return new SimulatedAdapter(SimulatedConfig.parse(config), deps.now);
  }
}

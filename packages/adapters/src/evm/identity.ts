import type { EvmConfig } from "./config.js";

/**
 * The wallet(s) an EVM account tracks, as one string: `evm:<chainId>:<addresses>`, the
 * addresses lower case, sorted, comma-separated. Two accounts of an owner must not share an
 * address on a chain (see the registration's overlap check); this names the account.
 */
export function evmIdentity(cfg: Pick<EvmConfig, "chainId" | "addresses">): string {
  const addresses = [...new Set(cfg.addresses.map((a) => a.toLowerCase()))].sort();
  return `evm:${cfg.chainId}:${addresses.join(",")}`;
}

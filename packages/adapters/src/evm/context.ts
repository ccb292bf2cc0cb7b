import type { Address, PublicClient } from "viem";
import type { EvmConfig } from "./config.js";
import { readTokenMeta, type TokenMeta } from "./token-metadata.js";

/** What the EVM adapter's parts share: the client, the config, and what was learned so far. */
export interface EvmContext {
  cfg: EvmConfig;
  client: PublicClient;
  /** the tracked wallets, checksummed */
  wallets: Address[];
  /** token metadata by lower-case address */
  meta: Map<string, TokenMeta>;
  /** tokens configured or seen in the wallets' history, lower case */
  seen: Set<string>;
}

export const multicallOf = (ctx: EvmContext) => ctx.cfg.multicall3 as Address;

export async function ensureTokenMeta(ctx: EvmContext, tokens: Address[]): Promise<void> {
  await readTokenMeta(ctx.client, multicallOf(ctx), tokens, ctx.meta);
}

/** Metadata of a token already read by {@link ensureTokenMeta}. */
export function tokenMetaOf(ctx: EvmContext, token: string): TokenMeta {
  const m = ctx.meta.get(token.toLowerCase());
  if (!m) throw new Error(`no metadata read for token ${token}`);
  return m;
}

/** The asset a Uniswap V3 position NFT is held as. */
export const v3PositionAsset = (tokenId: bigint) => `UNI-V3-${tokenId}`;

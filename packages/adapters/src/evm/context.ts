import type { Dec } from "@portfolio/core";
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
  /**
   * The asset name each token is held as, by lower-case address. Symbols are not unique (every
   * V2 pair is "UNI-V2"; anyone can deploy a "USDC"): the first token to claim a symbol keeps it,
   * configured tokens first, and later ones are `SYMBOL-<first hex digits of the address>`.
   * Kept in the history cursor, so a name never changes once given.
   */
  assets: Map<string, string>;
  /** V3 pools' fee tiers (fixed at creation), by lower-case pool address */
  poolFees: Map<string, Dec>;
  /**
   * Tokens found hostile by what they did rather than by their metadata (transfers that move no
   * balance, a balanceOf that stopped answering), with why, by lower-case address: kept in the
   * history cursor, so they stay ignored after the object restarts.
   */
  flagged: Map<string, string>;
  /** whether the node answers traces (`trace_filter`): null until asked */
  traces: boolean | null;
}

/** How many flagged tokens the cursor keeps (a spammer can deploy any number). */
export const MAX_FLAGGED = 200;

/** Ignores `token` from now on, for `reason`, and remembers it (see EvmContext.flagged). */
export function flagToken(ctx: EvmContext, token: string, reason: string): void {
  const key = token.toLowerCase();
  const m = ctx.meta.get(key);
  if (m) m.ignored = reason;
  if (ctx.flagged.size < MAX_FLAGGED) ctx.flagged.set(key, reason);
}

/** Tokens the account's config names: they claim their symbols before any token a transfer shows. */
export function trustedTokens(ctx: EvmContext): Address[] {
  const c = ctx.cfg;
  return [...c.tokens, c.quoteToken, c.wrappedNative].filter((t): t is string => !!t) as Address[];
}

function nameAsset(ctx: EvmContext, key: string, meta: TokenMeta): void {
  const given = ctx.assets.get(key);
  if (given) {
    meta.symbol = given;
    return;
  }
  const taken = new Set(ctx.assets.values());
  const free = (s: string) =>
    !taken.has(s) && s !== ctx.cfg.nativeSymbol && !/^UNI-V3-\d+$/.test(s);
  let name = meta.symbol;
  for (const digits of [6, 10, 40]) {
    if (free(name)) break;
    name = `${meta.symbol.slice(0, 24)}-${key.slice(2, 2 + digits).toUpperCase()}`;
  }
  ctx.assets.set(key, name);
  meta.symbol = name;
}

export const multicallOf = (ctx: EvmContext) => ctx.cfg.multicall3 as Address;

/** Reads the metadata of tokens not read yet and names their assets (see {@link EvmContext.assets}). */
export async function ensureTokenMeta(ctx: EvmContext, tokens: Address[]): Promise<void> {
  const trusted = new Set(trustedTokens(ctx).map((t) => t.toLowerCase()));
  const fresh = [...new Set(tokens.map((t) => t.toLowerCase()))]
    .filter((t) => !ctx.meta.has(t))
    .sort((a, b) => Number(trusted.has(b)) - Number(trusted.has(a)));
  if (fresh.length === 0) return;
  await readTokenMeta(ctx.client, fresh as Address[], ctx.wallets[0] as Address, ctx.meta);
  for (const key of fresh) {
    const meta = ctx.meta.get(key) as TokenMeta;
    meta.ignored ??= ctx.flagged.get(key) ?? null;
    // an ignored token claims no name: it is never held as an asset
    if (meta.ignored === null) nameAsset(ctx, key, meta);
  }
}

/** The tokens read so far that are ignored, with why, for the account's owner to see. */
export function ignoredTokens(
  ctx: EvmContext,
): { token: string; symbol: string; reason: string }[] {
  return [...ctx.meta.entries()]
    .filter(([, m]) => m.ignored !== null)
    .map(([token, m]) => ({ token, symbol: m.symbol, reason: m.ignored as string }))
    .sort((a, b) => (a.token < b.token ? -1 : 1));
}

/** Metadata of a token already read by {@link ensureTokenMeta}. */
export function tokenMetaOf(ctx: EvmContext, token: string): TokenMeta {
  const m = ctx.meta.get(token.toLowerCase());
  if (!m) throw new Error(`no metadata read for token ${token}`);
  return m;
}

/** The asset a Uniswap V3 position NFT is held as. */
export const v3PositionAsset = (tokenId: bigint) => `UNI-V3-${tokenId}`;

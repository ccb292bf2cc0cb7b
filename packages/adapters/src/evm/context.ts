import type { Dec } from "@portfolio/core";
import { type Address, encodeFunctionData, type PublicClient } from "viem";
import { v2PairAbi, v3FactoryAbi, v3PoolAbi } from "./abis.js";
import { cappedCalls } from "./capped-calls.js";
import type { EvmConfig } from "./config.js";
import { decodeUint, readTokenMeta, type TokenMeta } from "./token-metadata.js";

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
  /** whether the provider answers `alchemy_getAssetTransfers`: null until asked */
  assetTransfers: boolean | null;
  /**
   * Tokens moved in a transaction the wallets signed (sent, or got back from a swap, an LP
   * share): never spam. Lower case; kept in the history cursor. A Transfer log naming the
   * wallet as sender proves nothing (anyone can emit one); a signed transaction does.
   */
  asked: Set<string>;
  /** whether a pool prices each token asked about (see isPriced), lower case */
  priced: Map<string, boolean>;
}

/** Why a spam token is ignored (see EvmConfig.spamFilter). */
export const SPAM_REASON =
  "spam: it only came in transactions the wallets did not sign, and no pool prices it (config.allowTokens lets it in)";
/** how many asked tokens the cursor keeps */
export const MAX_ASKED = 2000;

/** Whether a token has been moved in one of the wallets' own transactions (see EvmContext.asked). */
export function markAsked(ctx: EvmContext, token: string): void {
  const key = token.toLowerCase();
  if (ctx.asked.has(key) || ctx.asked.size >= MAX_ASKED) return;
  ctx.asked.add(key);
  const meta = ctx.meta.get(key);
  if (meta?.ignored === SPAM_REASON) {
    // the wallet dealt with it itself: not spam after all
    meta.ignored = null;
    nameAsset(ctx, key, meta);
  }
}

const FEE_TIERS = [100, 500, 3000, 10_000];

/**
 * Which of `tokens` a pool prices: a configured price pool holds it, or a Uniswap V3 pool of the
 * configured factory pairs it with a configured token and has liquidity. Cached.
 */
async function readPriced(ctx: EvmContext, tokens: string[]): Promise<void> {
  const todo = tokens.filter((t) => !ctx.priced.has(t));
  if (todo.length === 0) return;
  const factory = ctx.cfg.uniswapV3Factory as Address | undefined;
  const anchors = trustedTokens(ctx).map((t) => t.toLowerCase());
  const pairs = factory
    ? todo.flatMap((t) =>
        anchors.filter((a) => a !== t).flatMap((a) => FEE_TIERS.map((fee) => ({ t, a, fee }))),
      )
    : [];
  const pools = pairs.length
    ? await cappedCalls(
        ctx.client,
        pairs.map((p) => ({
          target: factory as Address,
          data: encodeFunctionData({
            abi: v3FactoryAbi,
            functionName: "getPool",
            args: [p.t as Address, p.a as Address, p.fee],
          }),
        })),
      )
    : [];
  const found = pairs
    .map((p, i) => ({ ...p, pool: decodeUint(pools[i]) }))
    .filter((p) => p.pool !== null && p.pool !== 0n)
    .map((p) => ({
      t: p.t,
      pool: `0x${(p.pool as bigint).toString(16).padStart(40, "0")}` as Address,
    }));
  const liquidity = found.length
    ? await cappedCalls(
        ctx.client,
        found.map((p) => ({
          target: p.pool,
          data: encodeFunctionData({ abi: v3PoolAbi, functionName: "liquidity" }),
        })),
      )
    : [];
  const withLiquidity = new Set(
    found.filter((_, i) => (decodeUint(liquidity[i]) ?? 0n) > 0n).map((p) => p.t),
  );
  for (const t of todo) ctx.priced.set(t, withLiquidity.has(t));
}

/** Whether `token` is spam (see EvmConfig.spamFilter); the pools must have been read. */
function isSpam(ctx: EvmContext, token: string, poolTokens: Set<string>): boolean {
  if (!ctx.cfg.spamFilter || ctx.asked.has(token) || poolTokens.has(token)) return false;
  const trusted = [...trustedTokens(ctx), ...ctx.cfg.allowTokens].map((x) => x.toLowerCase());
  return !trusted.includes(token) && ctx.priced.get(token) !== true;
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

const poolTokensOf = new WeakMap<EvmContext, Set<string>>();

/** The tokens of the configured price pools (token0 and token1 of each), read once. */
async function configuredPoolTokens(ctx: EvmContext): Promise<Set<string>> {
  const known = poolTokensOf.get(ctx);
  if (known) return known;
  const pools = ctx.cfg.pricePools.map((p) => p.address as Address);
  const r = pools.length
    ? await cappedCalls(
        ctx.client,
        pools.flatMap((target) => [
          { target, data: encodeFunctionData({ abi: v2PairAbi, functionName: "token0" }) },
          { target, data: encodeFunctionData({ abi: v2PairAbi, functionName: "token1" }) },
        ]),
      )
    : [];
  const tokens = new Set(
    r
      .map((x) => decodeUint(x))
      .filter((v): v is bigint => v !== null)
      .map((v) => `0x${v.toString(16).padStart(40, "0")}`),
  );
  poolTokensOf.set(ctx, tokens);
  return tokens;
}

/** Reads the metadata of tokens not read yet and names their assets (see {@link EvmContext.assets}). */
export async function ensureTokenMeta(ctx: EvmContext, tokens: Address[]): Promise<void> {
  const trusted = new Set(trustedTokens(ctx).map((t) => t.toLowerCase()));
  const fresh = [...new Set(tokens.map((t) => t.toLowerCase()))]
    .filter((t) => !ctx.meta.has(t))
    .sort((a, b) => Number(trusted.has(b)) - Number(trusted.has(a)));
  if (fresh.length === 0) return;
  await readTokenMeta(
    ctx.client,
    fresh as Address[],
    ctx.wallets[0] as Address,
    ctx.meta,
    new Set(ctx.cfg.allowTokens.map((t) => t.toLowerCase())),
  );
  const poolTokens = await configuredPoolTokens(ctx);
  if (ctx.cfg.spamFilter)
    await readPriced(
      ctx,
      fresh.filter((t) => !ctx.asked.has(t)),
    );
  for (const key of fresh) {
    const meta = ctx.meta.get(key) as TokenMeta;
    meta.ignored ??= ctx.flagged.get(key) ?? null;
    if (meta.ignored === null && isSpam(ctx, key, poolTokens)) meta.ignored = SPAM_REASON;
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

import { z } from "zod";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address");

/** An EVM node's JSON-RPC endpoint over HTTP(S). */
export const rpcUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/**
 * An EVM account's config. The node's URL is a credential (`credentials.rpcUrl`, see
 * `EvmCredentials`): the stored config keeps only its `rpcHost`. `rpcUrl` here is the older
 * place, still accepted at registration (moved into the credentials there) and still read from
 * accounts stored before.
 */
export const EvmConfig = z
  .object({
    rpcUrl: rpcUrl.optional(),
    /** scheme, host and port of the node, for people to read; never the path, query or user */
    rpcHost: z.string().max(300).optional(),
    chainId: z.number().int().positive(),
    /** the wallet(s) this account tracks */
    addresses: z.array(address).min(1).max(20),
    /** native coin symbol */
    nativeSymbol: z
      .string()
      .regex(/^[A-Z0-9]{1,12}$/)
      .default("ETH"),
    /** tokens to read even before any transfer shows them */
    tokens: z.array(address).default([]),
    /**
     * Spam: a token that reached the wallets only in transactions they did not sign, that no
     * pool prices (no configured price pool holds it, and no Uniswap V3 pool of
     * `uniswapV3Factory` pairs it with a configured token with liquidity), is ignored and listed
     * with its reason. `false` counts every token that behaves like one.
     */
    spamFilter: z.boolean().default(true),
    /** tokens never taken for spam (a person allowed them) */
    allowTokens: z.array(address).max(200).default([]),
    /** the wrapped native token (WETH9), whose Deposit and Withdrawal move value without a Transfer */
    wrappedNative: address.optional(),
    /** Multicall3; the canonical address on real chains */
    multicall3: address.default("0xcA11bde05977b3631167028862bE2a173976CA11"),
    uniswapV3PositionManager: address.optional(),
    uniswapV3Factory: address.optional(),
    /** the token every price is expressed in (a stablecoin), and the pools that price tokens against it */
    quoteToken: address.optional(),
    pricePools: z.array(z.object({ version: z.enum(["v2", "v3"]), address })).default([]),
    /** a block counts as final after this many confirmations */
    confirmations: z.number().int().min(0).max(1000).default(12),
    /** first block of history */
    startBlock: z.number().int().min(0).default(0),
    /** how long one RPC request may take before it counts as failed (retried later) */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** widest eth_getLogs range tried; halved when the node says the range is too large */
    maxLogRange: z.number().int().min(1).max(1_000_000).default(10_000),
  })
  .strict();
export type EvmConfig = z.output<typeof EvmConfig>;

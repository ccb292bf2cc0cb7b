import type { Fixture } from "@portfolio/evm-chain/types";

/**
 * An EVM account's config for a local chain's fixture wallet: its tokens, WETH, Multicall3,
 * Uniswap's contracts, USDC as the quote and both pools to price with, final at once.
 */
export function evmFixtureConfig(fx: Fixture, extra: Record<string, unknown> = {}) {
  return {
    rpcUrl: fx.rpcUrl,
    chainId: 31337,
    addresses: [fx.wallet],
    multicall3: fx.multicall3,
    wrappedNative: fx.tokens.WETH,
    uniswapV3PositionManager: fx.v3.positionManager,
    uniswapV3Factory: fx.v3.factory,
    quoteToken: fx.tokens.USDC,
    // a token the owner holds that no pool prices (else it would be taken for spam)
    tokens: [fx.tokens.OLD],
    pricePools: [
      { version: "v3", address: fx.v3.pool },
      { version: "v2", address: fx.v2.pair },
    ],
    confirmations: 0,
    ...extra,
  };
}

/**
 * The registration body of an EVM account on the local chain (`chain` is tools/evm-chain's
 * fixture): the node's URL goes in the credentials (a hosted node's key is in it: sealed, never
 * shown), the chain's contracts in the config.
 */
export function evmAccountBody(name, chain, address, config = {}) {
  return {
    name,
    provider: "evm",
    credentials: { rpcUrl: chain.rpcUrl },
    config: {
      chainId: chain.chainId,
      addresses: [address],
      multicall3: chain.multicall3,
      wrappedNative: chain.tokens.WETH,
      ...config,
    },
  };
}

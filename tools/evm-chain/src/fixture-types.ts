import type { Address, Hex } from "viem";

/** What the chain fixture deployed and played, as tests read it (no Node APIs here: workerd imports it). */
export interface Fixture {
  rpcUrl: string;
  chainId: number;
  wallet: Address;
  other: Address;
  multicall3: Address;
  tokens: { TKA: Address; USDC: Address; OLD: Address; WETH: Address };
  v2: { factory: Address; router: Address; pair: Address };
  v3: {
    factory: Address;
    positionManager: Address;
    router: Address;
    pool: Address;
    tokenId: string;
  };
  /** the scripted history, in order, as the tracked wallet saw it */
  steps: FixtureStep[];
}

/** One transaction of the scripted history that concerns the tracked wallet. */
export interface FixtureStep {
  kind: string;
  txHash: Hex;
  block: string;
}

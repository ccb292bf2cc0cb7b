// Shared by the EVM tests on a real chain: what the chain itself holds, and an adapter synced
// incrementally whose balances and history are checked against it after every step.

import { Dec, formatAmount, sumBalanceEffects, type TransactionInput } from "@portfolio/core";
import type { Fixture } from "@portfolio/evm-chain";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  formatUnits,
  type Hex,
  http,
  parseAbi,
  publicActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { expect } from "vitest";
import { EvmConfig } from "../src/evm/config.js";
import { EvmAdapter } from "../src/evm/evm-adapter.js";

const abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function decimals() view returns (uint8)",
]);

/** The wallets' holdings as the chain itself answers them, by the symbols the adapter uses. */
/** A wallet client of a dev key on the chain at `rpcUrl`; anvil mines at once, so receipts are polled every 5 ms. */
export function devClient(rpcUrl: string, key: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    chain: foundry,
    transport: http(rpcUrl),
    pollingInterval: 5,
  }).extend(publicActions);
}

/** One JSON-RPC call to `url` (a node, or the proxy's own controls): its result. */
export async function rpc<T = Record<string, number>>(
  url: string,
  method: string,
  params: unknown[],
): Promise<T> {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await r.json()) as { result: T }).result;
}

export async function chainHoldings(
  fx: Fixture,
  wallets: Address[],
  more: [string, Address][] = [],
): Promise<Record<string, string>> {
  const chain = createPublicClient({ chain: foundry, transport: http(fx.rpcUrl) });
  const out: Record<string, string> = {};
  const put = (asset: string, raws: bigint[], decimals: number) => {
    const raw = raws.reduce((a, b) => a + b, 0n);
    if (raw !== 0n) out[asset] = formatAmount(new Dec(formatUnits(raw, decimals)));
  };
  const each = <T>(f: (w: Address) => Promise<T>) => Promise.all(wallets.map(f));
  put("ETH", await each((address) => chain.getBalance({ address })), 18);
  const tokens: [string, Address][] = [
    ["TKA", fx.tokens.TKA],
    ["USDC", fx.tokens.USDC],
    ["OLD", fx.tokens.OLD],
    ["WETH", fx.tokens.WETH],
    ["UNI-V2", fx.v2.pair],
    ...more,
  ];
  for (const [symbol, address] of tokens) {
    const [raws, decimals] = await Promise.all([
      each((w) => chain.readContract({ address, abi, functionName: "balanceOf", args: [w] })),
      chain.readContract({ address, abi, functionName: "decimals" }),
    ]);
    put(symbol, raws, decimals);
  }
  const npm = parseAbi([
    "function balanceOf(address) view returns (uint256)",
    "function tokenOfOwnerByIndex(address, uint256) view returns (uint256)",
  ]);
  for (const w of wallets) {
    const n = await chain.readContract({
      address: fx.v3.positionManager,
      abi: npm,
      functionName: "balanceOf",
      args: [w],
    });
    for (let k = 0n; k < n; k++) {
      const id = await chain.readContract({
        address: fx.v3.positionManager,
        abi: npm,
        functionName: "tokenOfOwnerByIndex",
        args: [w, k],
      });
      out[`UNI-V3-${id}`] = "1";
    }
  }
  return out;
}

/** An adapter over some of the script's wallets, synced incrementally with what it stored. */
export function tracker(
  fx: Fixture,
  wallets: Address[],
  extra: Record<string, unknown> = {},
  moreTokens: [string, Address][] = [],
) {
  const newAdapter = () =>
    new EvmAdapter(
      EvmConfig.parse({
        rpcUrl: fx.rpcUrl,
        chainId: fx.chainId,
        addresses: wallets,
        multicall3: fx.multicall3,
        wrappedNative: fx.tokens.WETH,
        uniswapV3PositionManager: fx.v3.positionManager,
        uniswapV3Factory: fx.v3.factory,
        // as a user would set it up: the stablecoin prices tokens (its V3 pools tell real tokens
        // from spam), and the tokens they hold that no pool prices yet when they arrive
        quoteToken: fx.tokens.USDC,
        tokens: [fx.tokens.OLD, fx.tokens.TKA],
        confirmations: 0,
        ...extra,
      }),
      { now: () => Date.now(), fetch: (i, init) => fetch(i, init) },
    );
  let adapter = newAdapter();
  let cursor: string | null = null;
  const history = new Map<string, TransactionInput>();
  return {
    history,
    /** a new adapter that continues from the stored cursor, as after the object restarts */
    restart() {
      adapter = newAdapter();
    },
    /** compares `symbol` (the token at `address`) with the chain too from now on */
    watch(symbol: string, address: Address) {
      moreTokens.push([symbol, address]);
    },
    /** one page from the stored cursor, as it comes (nothing stored) */
    page: () => adapter.getTransactions({ cursor, limit: 1000 }),
    /** the tokens the adapter ignores, with why */
    ignored: () => adapter.ignoredAssets(),
    balances: async () => {
      const b = await adapter.getBalances();
      if (!b.ok) throw new Error(b.error.message);
      return Object.fromEntries(b.value.map((x) => [x.asset, x.free]));
    },
    /** an incremental sync up to the present; then the balances, the chain's, and the history's */
    async check(label: string) {
      for (let more = true; more; ) {
        const page = await adapter.getTransactions({ cursor, limit: 1000 });
        if (!page.ok) throw new Error(`${label}: ${page.error.message}`);
        for (const row of page.value.transactions) {
          expect(history.has(row.txId), `${label}: ${row.txId} again`).toBe(false);
          history.set(row.txId, row);
        }
        expect(page.value.pending ?? []).toEqual([]);
        cursor = page.value.nextCursor;
        more = page.value.hasMore;
      }
      const balances = await adapter.getBalances();
      if (!balances.ok) throw new Error(balances.error.message);
      const read = Object.fromEntries(balances.value.map((b) => [b.asset, b.free]));
      expect(read, `balances after "${label}"`).toEqual(
        await chainHoldings(fx, wallets, moreTokens),
      );
      expect(nonZero(sumBalanceEffects(history.values())), `history after "${label}"`).toEqual(
        read,
      );
    },
  };
}

export const nonZero = (m: Map<string, Dec>) =>
  Object.fromEntries([...m].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, formatAmount(v)]));

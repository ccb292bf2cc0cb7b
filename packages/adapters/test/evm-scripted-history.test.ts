// The EVM adapter against a real chain (anvil), checked after every step of the scripted history:
// the balances it reads equal the chain's, and the history it has synced so far explains each
// of them exactly. Runs in Node: the adapter uses only fetch, as it does in the Durable Object.

import { Dec, formatAmount, sumBalanceEffects, type TransactionInput } from "@portfolio/core";
import { type Anvil, type Fixture, scriptedHistory, startAnvil } from "@portfolio/evm-chain";
import {
  type Address,
  createPublicClient,
  formatUnits,
  type Hex,
  http,
  parseAbi,
  parseEventLogs,
} from "viem";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvmConfig } from "../src/evm/config.js";
import { EvmAdapter } from "../src/evm/evm-adapter.js";

/** What each step must leave in the history, by transaction type (gas is a `fee`). */
const EXPECTED: Record<string, string[]> = {
  "receive TKA": ["transfer_in"],
  "receive USDC": ["transfer_in"],
  "receive OLD": ["transfer_in"],
  "send TKA": ["fee", "transfer_out"],
  "receive ETH (no log)": [],
  "send ETH": ["fee", "transfer_out"],
  "wrap ETH": ["convert", "fee"],
  "approve TKA for the V2 router": ["fee"],
  "approve USDC for the V2 router": ["fee"],
  "V2 add liquidity": ["fee", "liquidity_add", "liquidity_add"],
  "V2 swap: USDC for TKA": ["convert", "fee"],
  "V2 swap: ETH for TKA": ["convert", "fee"],
  "V2 swap: TKA for ETH": ["convert", "fee"],
  "approve UNI-V2 for the V2 router": ["fee"],
  "V2 remove liquidity": ["fee", "liquidity_remove", "liquidity_remove"],
  "approve TKA for the position manager": ["fee"],
  "approve USDC for the position manager": ["fee"],
  "V3 mint position": ["fee", "liquidity_add", "liquidity_add"],
  "approve TKA for the V3 router": ["fee"],
  "V3 swap: TKA for USDC": ["convert", "fee"],
  "V3 add liquidity": ["fee", "liquidity_add", "liquidity_add"],
  "V3 remove liquidity and collect": [
    "fee",
    "liquidity_remove",
    "liquidity_remove",
    "reward",
    "reward",
  ],
  "V3 decrease liquidity": ["fee"],
  "V3 collect": ["fee", "liquidity_remove", "liquidity_remove", "reward", "reward"],
  "unwrap ETH": ["convert", "fee"],
  "send OLD": ["fee", "transfer_out"],
  "failed transfer": ["fee"],
};

const abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function decimals() view returns (uint8)",
]);

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(() => anvil.stop());

/** The wallet's holdings as the chain itself answers them, by the symbols the adapter uses. */
async function chainHoldings(fx: Fixture): Promise<Record<string, string>> {
  const chain = createPublicClient({ chain: foundry, transport: http(fx.rpcUrl) });
  const out: Record<string, string> = {};
  const put = (asset: string, raw: bigint, decimals: number) => {
    if (raw !== 0n) out[asset] = formatAmount(new Dec(formatUnits(raw, decimals)));
  };
  put("ETH", await chain.getBalance({ address: fx.wallet }), 18);
  const tokens: [string, Address][] = [
    ["TKA", fx.tokens.TKA],
    ["USDC", fx.tokens.USDC],
    ["OLD", fx.tokens.OLD],
    ["WETH", fx.tokens.WETH],
    ["UNI-V2", fx.v2.pair],
  ];
  for (const [symbol, address] of tokens) {
    const [raw, decimals] = await Promise.all([
      chain.readContract({ address, abi, functionName: "balanceOf", args: [fx.wallet] }),
      chain.readContract({ address, abi, functionName: "decimals" }),
    ]);
    put(symbol, raw, decimals);
  }
  const nfts = await chain.readContract({
    address: fx.v3.positionManager,
    abi,
    functionName: "balanceOf",
    args: [fx.wallet],
  });
  if (nfts > 0n) out[`UNI-V3-${fx.v3.tokenId}`] = nfts.toString();
  return out;
}

const nonZero = (m: Map<string, Dec>) =>
  Object.fromEntries([...m].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, formatAmount(v)]));

describe("EVM adapter on a real chain, step by step", () => {
  it("after every scripted step: balances equal the chain's, the history explains them, each step has its rows", async () => {
    let adapter: EvmAdapter | null = null;
    let cursor: string | null = null;
    const history = new Map<string, TransactionInput>();
    const script = scriptedHistory(anvil.rpcUrl);
    let played = 0;
    let fixture: Fixture | null = null;
    for (let next = await script.next(); !next.done; next = await script.next()) {
      const step = next.value;
      const fx = step.fixture;
      fixture = fx;
      adapter ??= new EvmAdapter(
        EvmConfig.parse({
          rpcUrl: fx.rpcUrl,
          chainId: fx.chainId,
          addresses: [fx.wallet],
          multicall3: fx.multicall3,
          wrappedNative: fx.tokens.WETH,
          uniswapV3PositionManager: fx.v3.positionManager,
          uniswapV3Factory: fx.v3.factory,
          confirmations: 0,
        }),
        { now: () => Date.now(), fetch: (i, init) => fetch(i, init) },
      );
      // an incremental sync up to the present
      for (let more = true; more; ) {
        const page = await adapter.getTransactions({ cursor, limit: 1000 });
        if (!page.ok) throw new Error(`${step.kind}: ${page.error.message}`);
        for (const row of page.value.transactions) {
          expect(history.has(row.txId), `${step.kind}: ${row.txId} again`).toBe(false);
          history.set(row.txId, row);
        }
        expect(page.value.pending ?? []).toEqual([]);
        cursor = page.value.nextCursor;
        more = page.value.hasMore;
      }
      const balances = await adapter.getBalances();
      if (!balances.ok) throw new Error(balances.error.message);
      const read = Object.fromEntries(balances.value.map((b) => [b.asset, b.free]));
      expect(read, `balances after "${step.kind}"`).toEqual(await chainHoldings(fx));
      expect(nonZero(sumBalanceEffects(history.values())), `history after "${step.kind}"`).toEqual(
        read,
      );
      const rows = [...history.values()].filter((r) => r.metadata.txHash === step.txHash);
      expect(rows.map((r) => r.txType).sort(), step.kind).toEqual(EXPECTED[step.kind]);
      played++;
    }
    expect(played).toBe(Object.keys(EXPECTED).length);

    const all = [...history.values()];
    // coin that no log shows is recorded from the balance change, and only that: the dev
    // account's genesis allocation, then the plain transfer from another account
    const reconciled = all.filter((r) => r.metadata.kind === "native_reconciled");
    expect(reconciled.map((r) => [r.txType, r.amount, r.metadata.fromBlock])).toEqual([
      ["transfer_in", "10000", "0"],
      ["transfer_in", "1.5", expect.any(String)],
    ]);
    // liquidity rows name the share they moved; the share's amount rides on one row per transaction
    const v2Add = all.filter((r) => r.txType === "liquidity_add" && r.quoteAsset === "UNI-V2");
    expect(v2Add.map((r) => r.asset).sort()).toEqual(["TKA", "USDC"]);
    expect(v2Add.filter((r) => r.quoteAmount !== "0")).toHaveLength(1);
    const v3Mint = all.filter(
      (r) => r.txType === "liquidity_add" && r.quoteAsset?.startsWith("UNI-V3-"),
    );
    expect(v3Mint.map((r) => r.quoteAmount).sort()).toEqual(["0", "0", "0", "1"]);
    // V3 principal taken out (DecreaseLiquidity) is liquidity_remove whenever it is collected;
    // what a collect paid beyond it is the position's earned fees (reward)
    const fx = fixture as Fixture;
    const chain = createPublicClient({ chain: foundry, transport: http(fx.rpcUrl) });
    const hashOf = (kind: string) => fx.steps.find((s) => s.kind === kind)?.txHash as Hex;
    // selling for the coin: the router unwrapped WETH and paid the wallet, which no log shows
    const convertOf = (kind: string) =>
      all.find((r) => r.metadata.txHash === hashOf(kind) && r.txType === "convert");
    expect(convertOf("V2 swap: TKA for ETH")).toMatchObject({
      asset: "ETH",
      quoteAsset: "TKA",
      quoteAmount: "20",
    });
    expect(convertOf("V2 swap: ETH for TKA")).toMatchObject({
      asset: "TKA",
      quoteAsset: "ETH",
      quoteAmount: "0.1",
    });
    const tkaFirst = fx.tokens.TKA.toLowerCase() < fx.tokens.USDC.toLowerCase();
    const decreased = async (kind: string) => {
      const [e] = parseEventLogs({
        abi: parseAbi([
          "event DecreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)",
        ]),
        logs: (await chain.getTransactionReceipt({ hash: hashOf(kind) })).logs,
      });
      if (!e) throw new Error(`no DecreaseLiquidity in ${kind}`);
      const [tka, usdc] = tkaFirst
        ? [e.args.amount0, e.args.amount1]
        : [e.args.amount1, e.args.amount0];
      return { TKA: formatUnits(tka, 18), USDC: formatUnits(usdc, 6) };
    };
    const removed = (kind: string, txType: string) =>
      Object.fromEntries(
        all
          .filter((r) => r.metadata.txHash === hashOf(kind) && r.txType === txType)
          .map((r) => [r.asset, r.amount]),
      );
    expect(removed("V3 remove liquidity and collect", "liquidity_remove")).toEqual(
      await decreased("V3 remove liquidity and collect"),
    );
    expect(removed("V3 collect", "liquidity_remove")).toEqual(
      await decreased("V3 decrease liquidity"),
    );
    for (const earned of Object.values(removed("V3 collect", "reward")))
      expect(Number(earned)).toBeGreaterThan(0);
    // the failed call cost gas and moved nothing else
    const failed = all.find((r) => r.metadata.status === "reverted");
    expect(failed).toMatchObject({ txType: "fee", asset: "ETH" });
  });
});

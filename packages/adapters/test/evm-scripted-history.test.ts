// The EVM adapter against a real chain (anvil), checked after every step of the scripted history:
// the balances it reads equal the chain's, and the history it has synced so far explains each
// of them exactly. Runs in Node: the adapter uses only fetch, as it does in the Durable Object.

import {
  type Anvil,
  compileTokens,
  DEV_KEYS,
  deployFixture,
  type Fixture,
  scriptedHistory,
  startAnvil,
} from "@portfolio/evm-chain";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  formatUnits,
  type Hex,
  http,
  parseAbi,
  parseEventLogs,
  publicActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chainHoldings, tracker } from "./evm-tracker.js";

/** What each step must leave in the history, by transaction type (gas is a `fee`). */
const EXPECTED: Record<string, string[]> = {
  "receive TKA": ["transfer_in"],
  "receive USDC": ["transfer_in"],
  "receive OLD": ["transfer_in"],
  "send TKA": ["fee", "transfer_out"],
  // no log shows it; the node's traces do
  "receive ETH (no log)": ["transfer_in"],
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
  "approve WETH for the position manager": ["fee"],
  "V3 mint WETH/USDC position": ["fee", "liquidity_add", "liquidity_add"],
  "V3 remove WETH/USDC liquidity as ETH": [
    "fee",
    "liquidity_remove",
    "liquidity_remove",
    "reward",
    "reward",
  ],
  "unwrap ETH": ["convert", "fee"],
  "send OLD": ["fee", "transfer_out"],
  "failed transfer": ["fee"],
};

// a chain of its own for each test
let anvil: Anvil;
beforeEach(async () => {
  anvil = await startAnvil();
});
afterEach(() => anvil.stop());

describe("EVM adapter on a real chain, step by step", () => {
  it("after every scripted step: balances equal the chain's, the history explains them, each step has its rows", async () => {
    let wallet: ReturnType<typeof tracker> | null = null;
    const script = scriptedHistory(anvil.rpcUrl);
    let played = 0;
    let fixture: Fixture | null = null;
    for (let next = await script.next(); !next.done; next = await script.next()) {
      const step = next.value;
      const fx = step.fixture;
      fixture = fx;
      wallet ??= tracker(fx, [fx.wallet]);
      await wallet.check(step.kind);
      const history = wallet.history;
      const rows = [...history.values()].filter((r) => r.metadata.txHash === step.txHash);
      expect(rows.map((r) => r.txType).sort(), step.kind).toEqual(EXPECTED[step.kind]);
      played++;
    }
    expect(played).toBe(Object.keys(EXPECTED).length);

    const all = [...(wallet?.history.values() ?? [])];
    // coin the traces show is a row of its own transaction; only what no source shows (the dev
    // account's genesis allocation) is recorded from the balance change
    const reconciled = all.filter((r) => r.metadata.kind === "native_reconciled");
    expect(reconciled.map((r) => [r.txType, r.amount, r.metadata.fromBlock])).toEqual([
      ["transfer_in", "10000", "0"],
    ]);
    // liquidity rows name the share they moved; the share's amount rides on one row per transaction
    const v2Add = all.filter((r) => r.txType === "liquidity_add" && r.quoteAsset === "UNI-V2");
    expect(v2Add.map((r) => r.asset).sort()).toEqual(["TKA", "USDC"]);
    expect(v2Add.filter((r) => r.quoteAmount !== "0")).toHaveLength(1);
    const v3Mint = all.filter(
      (r) => r.txType === "liquidity_add" && r.quoteAsset === `UNI-V3-${fixture?.v3.tokenId}`,
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
    // a WETH position taken out as the coin: the coin's fee share is earned, not principal
    expect(Object.keys(removed("V3 remove WETH/USDC liquidity as ETH", "reward")).sort()).toEqual([
      "ETH",
      "USDC",
    ]);
    // every token move of the script is a transfer the logs show: nothing is reconciled, and
    // history from block 0 has no opening balances
    expect(
      all.filter(
        (r) => r.metadata.kind === "balance_reconciled" || r.metadata.kind === "opening_balance",
      ),
    ).toEqual([]);
    // the failed call cost gas and moved nothing else
    const failed = all.find((r) => r.metadata.status === "reverted");
    expect(failed).toMatchObject({ txType: "fee", asset: "ETH" });
  });

  it("tracks two wallets as one account: transfers between them net to nothing, each pays its own gas", async () => {
    let both: ReturnType<typeof tracker> | null = null;
    const script = scriptedHistory(anvil.rpcUrl);
    for (let next = await script.next(); !next.done; next = await script.next()) {
      const fx = next.value.fixture;
      both ??= tracker(fx, [fx.wallet, fx.other]);
      await both.check(next.value.kind);
    }
    const all = [...(both?.history.values() ?? [])];
    // the coin one sent the other shows as a pair of rows, not as a reconciled balance change
    const reconciled = all.filter((r) => r.metadata.kind === "native_reconciled");
    expect(reconciled.map((r) => [r.txType, r.amount])).toEqual([["transfer_in", "20000"]]);
    const payers = new Set(all.filter((r) => r.txType === "fee").map((r) => r.metadata.from));
    expect(payers.size).toBe(2);
  });

  it("keeps look-alike tokens apart: a fake USDC airdrop is not USDC, and a name once given stays", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const { TestToken } = compileTokens();
    if (!TestToken) throw new Error("compile failed");
    const deployer = createWalletClient({
      account: privateKeyToAccount(DEV_KEYS.deployer),
      chain: foundry,
      transport: http(fx.rpcUrl),
      pollingInterval: 5,
    }).extend(publicActions);
    const fake = (
      await deployer.waitForTransactionReceipt({
        hash: await deployer.deployContract({
          abi: TestToken.abi as Abi,
          bytecode: TestToken.bytecode,
          args: ["USD Coin", "USDC", 6, 10n ** 12n],
        }),
      })
    ).contractAddress as Address;
    await deployer.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: fake,
        abi: TestToken.abi as Abi,
        functionName: "transfer",
        args: [fx.wallet, 5_000_000_000n],
      }),
    });
    const fakeName = `USDC-${fake.slice(2, 8).toUpperCase()}`;
    // nobody prices the fake: allowed by hand, so its name can be seen (spam has its own test)
    const wallet = tracker(fx, [fx.wallet], { allowTokens: [fake] }, [[fakeName, fake]]);
    await wallet.check("fake USDC received");
    const balances = await wallet.balances();
    expect(balances[fakeName]).toBe("5000");
    expect(balances.USDC).toBe((await chainHoldings(fx, [fx.wallet])).USDC);
    wallet.restart();
    await wallet.check("after a restart");
    expect(Object.keys(await wallet.balances())).toContain(fakeName);
  });
});

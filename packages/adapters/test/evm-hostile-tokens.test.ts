// What strangers send a wallet, on a real chain (anvil): tokens built to break whoever reads
// them. Each is ignored on its own, with its reason, and nothing else about the account changes:
// the balances still equal the chain's and the history still explains them.

import { Dec } from "@portfolio/core";
import {
  type Anvil,
  type Artifact,
  compileHostile,
  compileSolidity,
  compileTokens,
  DEV_KEYS,
  deployFixture,
  type Fixture,
  startAnvil,
  startRangeLimitedProxy,
} from "@portfolio/evm-chain";
import { type Abi, type Address, parseUnits } from "viem";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CAPPED_MULTICALL_CODE } from "../src/evm/capped-multicall-code.js";
import { SPAM_REASON } from "../src/evm/context.js";
import { devClient, rpc, tracker } from "./evm-tracker.js";

let anvil: Anvil;
beforeEach(async () => {
  anvil = await startAnvil();
});
afterEach(() => anvil.stop());

const hostile = compileHostile();

const deployerOf = (fx: Fixture) => devClient(fx.rpcUrl, DEV_KEYS.deployer);

/** Deploys one of Hostile.sol's tokens and airdrops `amount` of it to the tracked wallet. */
async function airdrop(fx: Fixture, name: string, amount: bigint): Promise<Address> {
  const d = deployerOf(fx);
  const a = hostile[name] as Artifact;
  const deployed = await d.waitForTransactionReceipt({
    hash: await d.deployContract({ abi: a.abi as Abi, bytecode: a.bytecode }),
  });
  const token = deployed.contractAddress as Address;
  await d.waitForTransactionReceipt({
    hash: await d.writeContract({
      address: token,
      abi: a.abi as Abi,
      functionName: "airdrop",
      args: [fx.wallet, amount],
      gas: 200_000n,
    }),
  });
  return token;
}

async function rebase(fx: Fixture, token: Address, percent: bigint): Promise<void> {
  const d = deployerOf(fx);
  await d.waitForTransactionReceipt({
    hash: await d.writeContract({
      address: token,
      abi: (hostile.RebasingToken as Artifact).abi as Abi,
      functionName: "rebase",
      args: [percent],
    }),
  });
}

/** A plain token the wallet receives after the hostile ones: history must go on past them. */
async function receiveTka(fx: Fixture, amount: string): Promise<void> {
  const d = deployerOf(fx);
  const { TestToken } = compileTokens();
  await d.waitForTransactionReceipt({
    hash: await d.writeContract({
      address: fx.tokens.TKA,
      abi: (TestToken as Artifact).abi as Abi,
      functionName: "transfer",
      args: [fx.wallet, parseUnits(amount, 18)],
    }),
  });
}

describe("hostile tokens", () => {
  it("ignores a 120-decimal spam airdrop, with its reason, and history goes on past it", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const spam = await airdrop(fx, "HugeDecimalsToken", 10n ** 76n);
    await receiveTka(fx, "7");
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("after a 120-decimal airdrop");
    expect(Object.keys(await wallet.balances())).not.toContain("REWARD");
    expect(wallet.ignored()).toEqual([
      {
        token: spam.toLowerCase(),
        symbol: "REWARD",
        reason: "decimals() says 120, more than 36",
      },
    ]);
  });

  it("reads every other balance when two tokens' balanceOf burns all its gas", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const bombs = [
      await airdrop(fx, "GasBombToken", parseUnits("5", 18)),
      await airdrop(fx, "GasBombToken", parseUnits("6", 18)),
    ];
    await receiveTka(fx, "3");
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("after two gas-bomb airdrops");
    expect(wallet.ignored()).toEqual(
      bombs
        .map((b) => ({
          token: b.toLowerCase(),
          symbol: "BOMB",
          reason: "balanceOf() reverts or uses more gas than a token needs",
        }))
        .sort((a, b) => (a.token < b.token ? -1 : 1)),
    );
  });

  it("ignores a token with no readable symbol until a person allows it", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const token = await airdrop(fx, "NoSymbolToken", parseUnits("3", 18));
    const name = `TOKEN-${token.slice(2, 8).toUpperCase()}`;
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("not allowed");
    expect(wallet.ignored().map((x) => x.reason)).toEqual([
      "symbol() does not answer a short text",
    ]);
    const allowed = tracker(fx, [fx.wallet], { allowTokens: [token] }, [[name, token]]);
    await allowed.check("allowed");
    expect((await allowed.balances())[name]).toBe("3");
    expect(allowed.ignored()).toEqual([]);
  });

  it("ignores a token whose metadata calls all revert", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const token = await airdrop(fx, "NoMetadataToken", 1000n);
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("after a token with no metadata");
    expect(wallet.ignored()).toEqual([
      {
        token: token.toLowerCase(),
        symbol: `TOKEN-${token.slice(2, 8).toUpperCase()}`,
        reason: "decimals() does not answer",
      },
    ]);
    // allowing it does not make its amounts readable: it stays ignored
    const allowed = tracker(fx, [fx.wallet], { allowTokens: [token] });
    await allowed.check("the same token, allowed");
    expect(allowed.ignored().map((x) => x.reason)).toEqual(["decimals() does not answer"]);
  });
});

describe("spam", () => {
  it("a token nobody prices that only came unasked is ignored; allowed, it counts; sent, it is the wallet's", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const d = deployerOf(fx);
    const { TestToken } = compileTokens();
    const a = TestToken as Artifact;
    const drop = (
      await d.waitForTransactionReceipt({
        hash: await d.deployContract({
          abi: a.abi as Abi,
          bytecode: a.bytecode,
          args: ["Free Drop", "DROP", 18, parseUnits("1000", 18)],
        }),
      })
    ).contractAddress as Address;
    await d.waitForTransactionReceipt({
      hash: await d.writeContract({
        address: drop,
        abi: a.abi as Abi,
        functionName: "transfer",
        args: [fx.wallet, parseUnits("50", 18)],
      }),
    });
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("after an unasked airdrop");
    expect(wallet.ignored()).toEqual([
      { token: drop.toLowerCase(), symbol: "DROP", reason: SPAM_REASON },
    ]);
    // a person allowed it: it counts like any token
    const allowed = tracker(fx, [fx.wallet], { allowTokens: [drop] }, [["DROP", drop]]);
    await allowed.check("with the token allowed");
    expect((await allowed.balances()).DROP).toBe("50");
    // the wallet sends some on: it deals with the token itself, so it is its own
    const w = devClient(fx.rpcUrl, DEV_KEYS.wallet);
    await w.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: drop,
        abi: a.abi as Abi,
        functionName: "transfer",
        args: [fx.other, parseUnits("10", 18)],
      }),
    });
    wallet.watch("DROP", drop);
    await wallet.check("after the wallet sent some");
    // what came before it opens its history, then the transfer out
    expect(
      [...wallet.history.values()]
        .filter((r) => r.asset === "DROP")
        .map((r) => [r.txType, r.amount, r.metadata.kind])
        .sort(),
    ).toEqual([
      ["deposit", "50", "opening_balance"],
      ["transfer_out", "10", "transfer"],
    ]);
    expect((await wallet.balances()).DROP).toBe("40");
    expect(wallet.ignored()).toEqual([]);
  });
});

describe("address poisoning", () => {
  it("transfers that move no balance are never history, and their token is ignored", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const d = deployerOf(fx);
    const a = hostile.PoisonToken as Artifact;
    const poison = (
      await d.waitForTransactionReceipt({
        hash: await d.deployContract({ abi: a.abi as Abi, bytecode: a.bytecode }),
      })
    ).contractAddress as Address;
    for (const [from, to, value] of [
      [fx.other, fx.wallet, parseUnits("5000", 6)],
      [fx.wallet, fx.other, parseUnits("1000000", 6)],
    ] as const)
      await d.waitForTransactionReceipt({
        hash: await d.writeContract({
          address: poison,
          abi: a.abi as Abi,
          functionName: "poison",
          args: [from, to, value],
        }),
      });
    await receiveTka(fx, "2");
    // the spam filter would ignore this token already (nobody prices it): a poisoner can also
    // seed a pool, so the check of the balance must hold on its own
    const wallet = tracker(fx, [fx.wallet], { spamFilter: false });
    await wallet.check("after the poisoning");
    const rows = [...wallet.history.values()];
    expect(rows.filter((r) => r.metadata.token === poison.toLowerCase())).toEqual([]);
    expect(rows.filter((r) => r.metadata.kind === "balance_reconciled")).toEqual([]);
    const flagged = [
      {
        token: poison.toLowerCase(),
        symbol: "USDT",
        reason: "its Transfer events move no balance (address poisoning)",
      },
    ];
    expect(wallet.ignored()).toEqual(flagged);
    // the verdict is kept in the cursor: a new adapter (the object restarted) still ignores it
    wallet.restart();
    await wallet.check("after a restart");
    expect(wallet.ignored()).toEqual(flagged);
  });
});

describe("balances that move without a transfer", () => {
  it("a rebase up is a reward and a rebase to nothing a loss, so history sums to the balance", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const token = await airdrop(fx, "RebasingToken", parseUnits("50", 18));
    // rebasing tokens people hold (stETH) have pools; this one is allowed by hand instead
    const wallet = tracker(fx, [fx.wallet], { allowTokens: [token] }, [["REBASE", token]]);
    await wallet.check("after the airdrop");
    await rebase(fx, token, 120n);
    await wallet.check("after a +20% rebase");
    await rebase(fx, token, 0n);
    await wallet.check("after the balances vanished");
    const reconciled = [...wallet.history.values()].filter(
      (r) => r.metadata.kind === "balance_reconciled",
    );
    expect(reconciled.map((r) => [r.txType, r.asset, r.amount])).toEqual([
      ["reward", "REBASE", "10"],
      ["fee", "REBASE", "60"],
    ]);
  });
});

describe("history from a later startBlock", () => {
  it("opens with the balances held before it, coin and tokens, as opening_balance rows", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    await receiveTka(fx, "4");
    const d = deployerOf(fx);
    const start = Number(await d.getBlockNumber()) + 1;
    await receiveTka(fx, "6");
    const wallet = tracker(fx, [fx.wallet], { startBlock: start });
    await wallet.check("from a later start block");
    const opening = [...wallet.history.values()].filter(
      (r) => r.metadata.kind === "opening_balance",
    );
    const held = await wallet.balances();
    // the coin (the dev account's genesis allocation) and the TKA received before the start
    expect(opening.every((r) => r.txType === "deposit" && held[r.asset] !== undefined)).toBe(true);
    expect(opening.map((r) => r.asset)).toEqual(expect.arrayContaining(["ETH", "TKA"]));
    expect(opening.find((r) => r.asset === "TKA")?.amount).toBe(
      new Dec(held.TKA as string).sub(6).toString(),
    );
  });
});

describe("an ordinary (not archive) node", () => {
  it("starts from a snapshot at the final head, opening with what the wallet holds", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      await rpc(fx.rpcUrl, "anvil_mine", ["0x40"]);
      await rpc(proxy.url, "proxy_prune", [16]);
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet]);
      await wallet.check("first sync from a snapshot");
      // the node was asked for old state and refused: that is what made it a snapshot
      expect((await rpc(proxy.url, "proxy_stats", [])).pruned).toBeGreaterThanOrEqual(1);
      const rows = [...wallet.history.values()];
      expect(rows.every((r) => r.metadata.kind === "opening_balance")).toBe(true);
      expect(rows.map((r) => r.asset)).toEqual(expect.arrayContaining(["ETH", "TKA", "USDC"]));
      // then history runs forward as on any node
      await receiveTka(fx, "5");
      await wallet.check("a transfer after the snapshot");
      expect(rows.length).toBeLessThan(wallet.history.size);
    } finally {
      await proxy.close();
    }
  });

  it("catches up after falling behind what it keeps, a transaction no log shows included", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet]);
      await wallet.check("synced");
      // an approval: no Transfer, no Swap, only the wallet's nonce and the traces show it
      const w = devClient(fx.rpcUrl, DEV_KEYS.wallet);
      const { TestToken } = compileTokens();
      const hash = await w.writeContract({
        address: fx.tokens.TKA,
        abi: (TestToken as Artifact).abi as Abi,
        functionName: "approve",
        args: [fx.other, 1n],
      });
      const approval = await w.waitForTransactionReceipt({ hash });
      await rpc(fx.rpcUrl, "anvil_mine", ["0x40"]);
      await rpc(proxy.url, "proxy_prune", [16]);
      // the node really forgot the approval's block
      const old = await fetch(proxy.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_getBalance",
          params: [fx.wallet, `0x${approval.blockNumber.toString(16)}`],
        }),
      }).then(async (r) => ((await r.json()) as { error?: { message: string } }).error?.message);
      expect(old).toMatch(/missing trie node/);
      await wallet.check("after 64 blocks away");
      expect(
        [...wallet.history.values()].filter((r) => r.metadata.txHash === hash).map((r) => r.txType),
      ).toEqual(["fee"]);
    } finally {
      await proxy.close();
    }
  });

  it("says the node lacks old state, naming archives, and does not retry", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet], { maxLogRange: 8 });
      await wallet.check("synced while the node kept every state");
      await rpc(fx.rpcUrl, "anvil_mine", ["0x40"]);
      await rpc(proxy.url, "proxy_prune", [16]);
      const page = await wallet.page();
      expect(page.ok).toBe(false);
      if (page.ok) return;
      expect(page.error.retryable).toBe(false);
      expect(page.error.message).toMatch(/not an archive node/);
      expect((await rpc(proxy.url, "proxy_stats", [])).pruned).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
  });
});

describe("a node that refuses one call", () => {
  it("fails the balance read as a whole instead of answering with balances missing", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const viaProxy = { ...fx, rpcUrl: proxy.url };
      const wallet = tracker(viaProxy, [fx.wallet, fx.other]);
      await wallet.check("first sync");
      await rpc(proxy.url, "proxy_refuse", ["eth_call", 1]);
      await expect(wallet.balances()).rejects.toThrow(/limit exceeded/);
      // the refusal was served, and the next read is whole again
      expect((await rpc(proxy.url, "proxy_stats", [])).refusedCalls).toBe(1);
      await wallet.check("after the refusal");
    } finally {
      await proxy.close();
    }
  });
});

describe("the capped multicall's code", () => {
  it("is what its Solidity source compiles to", () => {
    const compiled = compileSolidity(
      new URL("../contracts/CappedMulticall.sol", import.meta.url).pathname,
    );
    expect(compiled.CappedMulticall?.bytecode).toBe(CAPPED_MULTICALL_CODE);
  });
});

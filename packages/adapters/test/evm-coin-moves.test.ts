// Coin that moves by internal calls, on a real chain (anvil, whose node answers traces): read
// from the traces, not inferred. A refund nets out of what a swap paid, an aggregator's payment
// makes its sale one convert, and coin a contract passes on is a row of its own transaction,
// dated at its block. Without traces (a node that has none), the old inference still holds.

import {
  type Anvil,
  type Artifact,
  compilePayments,
  compileTokens,
  DEV_KEYS,
  deployFixture,
  type Fixture,
  startAnvil,
  startRangeLimitedProxy,
} from "@portfolio/evm-chain";
import {
  type Abi,
  type Address,
  encodeFunctionData,
  formatUnits,
  type Hex,
  maxUint256,
  parseAbi,
  parseUnits,
} from "viem";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { devClient, rpc, tracker } from "./evm-tracker.js";

let anvil: Anvil;
beforeEach(async () => {
  anvil = await startAnvil();
});
afterEach(() => anvil.stop());

const payments = compilePayments();
const erc20 = (compileTokens().TestToken as Artifact).abi as Abi;
const router = parseAbi([
  "function swapETHForExactTokens(uint256 amountOut, address[] path, address to, uint256 deadline) payable returns (uint256[])",
]);

const client = (fx: Fixture, key: Hex) => devClient(fx.rpcUrl, key);

async function deployPayments(fx: Fixture, name: string): Promise<Address> {
  const d = client(fx, DEV_KEYS.deployer);
  const a = payments[name] as Artifact;
  return (
    await d.waitForTransactionReceipt({
      hash: await d.deployContract({ abi: a.abi as Abi, bytecode: a.bytecode }),
    })
  ).contractAddress as Address;
}

const rowsOf = (w: ReturnType<typeof tracker>, hash: Hex) =>
  [...w.history.values()].filter((r) => r.metadata.txHash === hash);
const reconciledOf = (w: ReturnType<typeof tracker>) =>
  [...w.history.values()].filter((r) => r.metadata.kind === "native_reconciled");

describe("coin moved by internal calls, from the node's traces", () => {
  it("a swap's refund nets out: the convert's quote is what the wallet paid", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("before");
    const w = client(fx, DEV_KEYS.wallet);
    const before = await w.getBalance({ address: fx.wallet });
    const hash = await w.writeContract({
      address: fx.v2.router,
      abi: router,
      functionName: "swapETHForExactTokens",
      args: [parseUnits("1", 18), [fx.tokens.WETH, fx.tokens.TKA], fx.wallet, 2n ** 40n],
      value: parseUnits("5", 18),
    });
    const receipt = await w.waitForTransactionReceipt({ hash });
    const gas = receipt.gasUsed * receipt.effectiveGasPrice;
    const paid = before - (await w.getBalance({ address: fx.wallet })) - gas;
    expect(paid).toBeLessThan(parseUnits("1", 18));
    await wallet.check("after a swap that refunded most of the coin");
    const convert = rowsOf(wallet, hash).find((r) => r.txType === "convert");
    expect(convert).toMatchObject({
      asset: "TKA",
      amount: "1",
      quoteAsset: "ETH",
      quoteAmount: formatUnits(paid, 18),
    });
    expect(
      rowsOf(wallet, hash)
        .map((r) => r.txType)
        .sort(),
    ).toEqual(["convert", "fee"]);
    expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(["10000"]);
  });

  /** The coin the wallet paid in `hash`, gas aside, from its balance before and after. */
  async function coinPaid(fx: Fixture, before: bigint, hash: Hex): Promise<string> {
    const w = client(fx, DEV_KEYS.wallet);
    const r = await w.waitForTransactionReceipt({ hash });
    const after = await w.getBalance({ address: fx.wallet, blockNumber: r.blockNumber });
    return formatUnits(before - after - r.gasUsed * r.effectiveGasPrice, 18);
  }

  it("a V3 exact-output swap with refundETH, as Uniswap's interface sends it, costs what it spent", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const w = client(fx, DEV_KEYS.wallet);
    const factory = parseAbi(["function getPool(address, address, uint24) view returns (address)"]);
    let fee = 0;
    for (const f of [500, 3000, 10000]) {
      const pool = await w.readContract({
        address: fx.v3.factory,
        abi: factory,
        functionName: "getPool",
        args: [fx.tokens.WETH, fx.tokens.USDC, f],
      });
      if (BigInt(pool) !== 0n) fee = f;
    }
    expect(fee).toBeGreaterThan(0);
    const v3 = parseAbi([
      "struct ExactOutputSingleParams { address tokenIn; address tokenOut; uint24 fee; address recipient; uint256 deadline; uint256 amountOut; uint256 amountInMaximum; uint160 sqrtPriceLimitX96; }",
      "function exactOutputSingle(ExactOutputSingleParams params) payable returns (uint256)",
      "function refundETH() payable",
      "function multicall(bytes[] data) payable returns (bytes[])",
    ]);
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("before");
    const before = await w.getBalance({ address: fx.wallet });
    const hash = await w.writeContract({
      address: fx.v3.router,
      abi: v3,
      functionName: "multicall",
      args: [
        [
          encodeFunctionData({
            abi: v3,
            functionName: "exactOutputSingle",
            args: [
              {
                tokenIn: fx.tokens.WETH,
                tokenOut: fx.tokens.USDC,
                fee,
                recipient: fx.wallet,
                deadline: 2n ** 40n,
                amountOut: parseUnits("10", 6),
                amountInMaximum: parseUnits("1", 18),
                sqrtPriceLimitX96: 0n,
              },
            ],
          }),
          encodeFunctionData({ abi: v3, functionName: "refundETH" }),
        ],
      ],
      value: parseUnits("1", 18),
      gas: 1_000_000n,
    });
    const paid = await coinPaid(fx, before, hash);
    expect(Number(paid)).toBeLessThan(0.5);
    await wallet.check("after an exact-output swap with a refund");
    expect(rowsOf(wallet, hash).find((r) => r.txType === "convert")).toMatchObject({
      asset: "USDC",
      amount: "10",
      quoteAsset: "ETH",
      quoteAmount: paid,
    });
    expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(["10000"]);
  });

  it("addLiquidityETH with more coin than it needs puts in only what it kept", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const w = client(fx, DEV_KEYS.wallet);
    const v2 = parseAbi([
      "function addLiquidityETH(address token, uint256 amountTokenDesired, uint256 amountTokenMin, uint256 amountETHMin, address to, uint256 deadline) payable returns (uint256, uint256, uint256)",
    ]);
    // the WETH/TKA pair's share is a token of its own, named apart from the TKA/USDC pair's
    const pair = await w.readContract({
      address: fx.v2.factory,
      abi: parseAbi(["function getPair(address, address) view returns (address)"]),
      functionName: "getPair",
      args: [fx.tokens.WETH, fx.tokens.TKA],
    });
    const share = `UNI-V2-${pair.slice(2, 8).toUpperCase()}`;
    const wallet = tracker(fx, [fx.wallet], {}, [[share, pair]]);
    await wallet.check("before");
    const before = await w.getBalance({ address: fx.wallet });
    const hash = await w.writeContract({
      address: fx.v2.router,
      abi: v2,
      functionName: "addLiquidityETH",
      args: [fx.tokens.TKA, parseUnits("1", 18), 0n, 0n, fx.wallet, 2n ** 40n],
      value: parseUnits("1", 18),
      gas: 1_000_000n,
    });
    const paid = await coinPaid(fx, before, hash);
    expect(Number(paid)).toBeLessThan(0.5);
    await wallet.check("after adding liquidity with a refund");
    const added = rowsOf(wallet, hash).filter((r) => r.txType === "liquidity_add");
    expect(added.map((r) => [r.asset, r.amount]).sort()).toEqual([
      ["ETH", paid],
      ["TKA", "1"],
    ]);
    expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(["10000"]);
  });

  it("coin a contract passes on is a transfer_in of that transaction, at its block", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const payer = await deployPayments(fx, "Payer");
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("before");
    const d = client(fx, DEV_KEYS.deployer);
    const hash = await d.writeContract({
      address: payer,
      abi: (payments.Payer as Artifact).abi as Abi,
      functionName: "pay",
      args: [fx.wallet],
      value: parseUnits("0.7", 18),
    });
    const receipt = await d.waitForTransactionReceipt({ hash });
    const block = await d.getBlock({ blockNumber: receipt.blockNumber });
    await d.request({ method: "anvil_mine" as never, params: ["0x5"] as never });
    await wallet.check("after a payment by an internal call");
    expect(rowsOf(wallet, hash).map((r) => [r.txType, r.asset, r.amount, r.timestamp])).toEqual([
      ["transfer_in", "ETH", "0.7", new Date(Number(block.timestamp) * 1000).toISOString()],
    ]);
    expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(["10000"]);
  });

  it("an aggregator's sale for the coin is one convert", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const aggregator = await deployPayments(fx, "Aggregator");
    const d = client(fx, DEV_KEYS.deployer);
    await d.waitForTransactionReceipt({
      hash: await d.sendTransaction({ to: aggregator, value: parseUnits("1", 18) }),
    });
    const w = client(fx, DEV_KEYS.wallet);
    await w.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: fx.tokens.TKA,
        abi: erc20,
        functionName: "approve",
        args: [aggregator, maxUint256],
      }),
    });
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("before");
    const hash = await w.writeContract({
      address: aggregator,
      abi: (payments.Aggregator as Artifact).abi as Abi,
      functionName: "sell",
      args: [fx.tokens.TKA, parseUnits("3", 18), parseUnits("0.02", 18)],
    });
    await w.waitForTransactionReceipt({ hash });
    await wallet.check("after an aggregator sale");
    expect(
      rowsOf(wallet, hash).map((r) => [r.txType, r.asset, r.amount, r.quoteAsset, r.quoteAmount]),
    ).toEqual(expect.arrayContaining([["convert", "ETH", "0.02", "TKA", "3"]]));
    expect(
      rowsOf(wallet, hash)
        .map((r) => r.txType)
        .sort(),
    ).toEqual(["convert", "fee"]);
  });
});

describe("a swap through two pools", () => {
  it("reports the fee tier of every hop and what they take together", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const w = client(fx, DEV_KEYS.wallet);
    const swapAbi = parseAbi([
      "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])",
    ]);
    await w.waitForTransactionReceipt({
      hash: await w.writeContract({
        address: fx.tokens.USDC,
        abi: erc20,
        functionName: "approve",
        args: [fx.v2.router, maxUint256],
      }),
    });
    const wallet = tracker(fx, [fx.wallet]);
    await wallet.check("before");
    const hash = await w.writeContract({
      address: fx.v2.router,
      abi: swapAbi,
      functionName: "swapExactTokensForTokens",
      args: [
        parseUnits("10", 6),
        0n,
        [fx.tokens.USDC, fx.tokens.TKA, fx.tokens.WETH],
        fx.wallet,
        2n ** 40n,
      ],
    });
    await w.waitForTransactionReceipt({ hash });
    await wallet.check("after a two-hop swap");
    const swap = rowsOf(wallet, hash).find((r) => r.txType === "convert");
    // two V2 pairs at 0.3% each: 1 − 0.997² = 0.005991 of the 10 USDC put in
    expect(swap).toMatchObject({ asset: "WETH", quoteAsset: "USDC", quoteAmount: "10" });
    expect(swap?.metadata).toMatchObject({
      poolFees: "0.003,0.003",
      poolFee: "0.005991",
      feePaid: "0.05991",
      feeAsset: "USDC",
    });
  });
});

describe("a fee-on-transfer token", () => {
  it("writes the tax the wallet paid on its own transfer as a fee row", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const treasury = "0x000000000000000000000000000000000000dEaD";
    const d = client(fx, DEV_KEYS.deployer);
    const a = payments.TaxToken as Artifact;
    const token = (
      await d.waitForTransactionReceipt({
        hash: await d.deployContract({
          abi: a.abi as Abi,
          bytecode: a.bytecode,
          args: [treasury, parseUnits("1000", 18)],
        }),
      })
    ).contractAddress as Address;
    await d.waitForTransactionReceipt({
      hash: await d.writeContract({
        address: token,
        abi: a.abi as Abi,
        functionName: "transfer",
        args: [fx.wallet, parseUnits("100", 18)],
      }),
    });
    const wallet = tracker(fx, [fx.wallet], { allowTokens: [token] }, [["TAX", token]]);
    await wallet.check("after receiving 98 TAX");
    const w = client(fx, DEV_KEYS.wallet);
    const hash = await w.writeContract({
      address: token,
      abi: a.abi as Abi,
      functionName: "transfer",
      args: [fx.other, parseUnits("50", 18)],
    });
    await w.waitForTransactionReceipt({ hash });
    await wallet.check("after sending 50 TAX");
    expect(
      rowsOf(wallet, hash)
        .filter((r) => r.asset === "TAX")
        .map((r) => [r.txType, r.amount, r.metadata.kind])
        .sort(),
    ).toEqual([
      ["fee", "1", "transfer_tax"],
      ["transfer_out", "49", "transfer"],
    ]);
  });
});

describe("a rollup that charges an L1 data fee (OP Stack)", () => {
  it("adds the receipt's l1Fee to the gas fee row, so the coin's history sums to its balance", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const proxyRpc = (method: string, params: unknown[]) => rpc(proxy.url, method, params);
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet]);
      await wallet.check("before");
      await proxyRpc("proxy_l1_fee", ["21000000000000"]);
      const viaRollup = client({ ...fx, rpcUrl: proxy.url }, DEV_KEYS.wallet);
      const hash = await viaRollup.sendTransaction({ to: fx.other, value: parseUnits("1", 18) });
      const receipt = await viaRollup.waitForTransactionReceipt({ hash });
      expect((receipt as unknown as { l1Fee: string }).l1Fee).toBe(
        `0x${(21_000_000_000_000n).toString(16)}`,
      );
      await proxyRpc("anvil_mine", ["0x1"]);
      await wallet.check("after a transfer that paid an L1 fee");
      const fee = rowsOf(wallet, hash).find((r) => r.txType === "fee");
      expect(fee?.metadata.l1Fee).toBe("0.000021");
      expect(fee?.amount).toBe(
        formatUnits(receipt.gasUsed * receipt.effectiveGasPrice + 21_000_000_000_000n, 18),
      );
      expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(["10000"]);
    } finally {
      await proxy.close();
    }
  });
});

describe("a node without traces, through a provider's Transfers API", () => {
  it("reads coin a contract passed on and a swap's refund from alchemy_getAssetTransfers", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const payer = await deployPayments(fx, "Payer");
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const proxyRpc = (method: string, params: unknown[]) => rpc(proxy.url, method, params);
      await proxyRpc("proxy_disable", ["trace_filter", "trace_transaction"]);
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet]);
      await wallet.check("before");
      const d = client(fx, DEV_KEYS.deployer);
      const paid = await d.writeContract({
        address: payer,
        abi: (payments.Payer as Artifact).abi as Abi,
        functionName: "pay",
        args: [fx.wallet],
        value: parseUnits("0.7", 18),
      });
      await d.waitForTransactionReceipt({ hash: paid });
      const w = client(fx, DEV_KEYS.wallet);
      const before = await w.getBalance({ address: fx.wallet });
      const swap = await w.writeContract({
        address: fx.v2.router,
        abi: router,
        functionName: "swapETHForExactTokens",
        args: [parseUnits("1", 18), [fx.tokens.WETH, fx.tokens.TKA], fx.wallet, 2n ** 40n],
        value: parseUnits("5", 18),
      });
      const r = await w.waitForTransactionReceipt({ hash: swap });
      const after = await w.getBalance({ address: fx.wallet, blockNumber: r.blockNumber });
      const spent = formatUnits(before - after - r.gasUsed * r.effectiveGasPrice, 18);
      await wallet.check("after a payment and a refunded swap");
      const stats = await proxyRpc("proxy_stats", []);
      // the node refused traces and the provider's API answered instead
      expect(stats.disabled).toBeGreaterThanOrEqual(1);
      expect(stats.assetTransfers).toBeGreaterThanOrEqual(1);
      expect(rowsOf(wallet, paid).map((x) => [x.txType, x.amount])).toEqual([
        ["transfer_in", "0.7"],
      ]);
      expect(rowsOf(wallet, swap).find((x) => x.txType === "convert")).toMatchObject({
        asset: "TKA",
        quoteAsset: "ETH",
        quoteAmount: spent,
      });
      expect(reconciledOf(wallet).map((x) => x.amount)).toEqual(["10000"]);
    } finally {
      await proxy.close();
    }
  });
});

describe("a node without traces", () => {
  it("infers the coin moves it can and reconciles the rest from the balance", async () => {
    const fx = await deployFixture(anvil.rpcUrl);
    const payer = await deployPayments(fx, "Payer");
    const proxy = await startRangeLimitedProxy(fx.rpcUrl, 10_000);
    try {
      const proxyRpc = (method: string, params: unknown[]) => rpc(proxy.url, method, params);
      await proxyRpc("proxy_disable", [
        "trace_filter",
        "trace_transaction",
        "alchemy_getAssetTransfers",
      ]);
      const wallet = tracker({ ...fx, rpcUrl: proxy.url }, [fx.wallet]);
      await wallet.check("before");
      const d = client(fx, DEV_KEYS.deployer);
      const hash = await d.writeContract({
        address: payer,
        abi: (payments.Payer as Artifact).abi as Abi,
        functionName: "pay",
        args: [fx.wallet],
        value: parseUnits("0.7", 18),
      });
      await d.waitForTransactionReceipt({ hash });
      await wallet.check("after a payment by an internal call");
      expect((await proxyRpc("proxy_stats", [])).disabled).toBeGreaterThanOrEqual(1);
      expect(rowsOf(wallet, hash)).toEqual([]);
      expect(reconciledOf(wallet).map((r) => r.amount)).toEqual(expect.arrayContaining(["0.7"]));
    } finally {
      await proxy.close();
    }
  });
});

import {
  type Address,
  encodeFunctionData,
  maxUint256,
  parseUnits,
  type TransactionReceipt,
} from "viem";
import { foundry } from "viem/chains";
import { call, DEV_KEYS, deploy, read, type Signer, signers } from "./chain-clients.ts";
import { type Artifact, compileTokens, npmArtifact } from "./compile.ts";
import type { Fixture, FixtureStep } from "./fixture-types.ts";

export type { Fixture, FixtureStep };
/** A step just played, with the fixture as far as it is known (every contract is deployed). */
export type PlayedStep = FixtureStep & { fixture: Fixture };
export { DEV_KEYS };

const V3_FEE = 3000;
const DEADLINE = 2n ** 40n;
const ZERO = "0x0000000000000000000000000000000000000000";
const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

const v2Factory = () => npmArtifact("@uniswap/v2-core/build/UniswapV2Factory.json");
const v2Router = () => npmArtifact("@uniswap/v2-periphery/build/UniswapV2Router02.json");
const v3Factory = () =>
  npmArtifact("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json");
const v3Npm = () =>
  npmArtifact(
    "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  );
const v3Router = () =>
  npmArtifact("@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json");

/**
 * Deploys tokens (one with a bytes32 symbol), WETH9, Multicall3, Uniswap V2 (factory, router,
 * a TKA/USDC pair) and V3 (factory, position manager, router, a TKA/USDC 0.3% pool at 200 USDC
 * per TKA), then plays the tracked wallet's history one step at a time: transfers both ways,
 * coin sent and received, wrapping, approvals, V2 and V3 swaps, V2 liquidity added and removed,
 * a V3 position minted, increased, decreased, collected, and a failed call. Yields after every
 * step that concerns the wallet; returns the fixture.
 */
export async function* scriptedHistory(rpcUrl: string): AsyncGenerator<PlayedStep, Fixture> {
  const { deployer, wallet, other } = signers(rpcUrl);
  const art = compileTokens();
  const erc20 = (art.TestToken as Artifact).abi;
  const old = art.Bytes32Token as Artifact;
  const weth = art.WETH9 as Artifact;

  const multicall3 = await deploy(deployer, art.Multicall3 as Artifact);
  const WETH = await deploy(deployer, weth);
  const TKA = await deploy(deployer, art.TestToken as Artifact, [
    "Token A",
    "TKA",
    18,
    parseUnits("1000000", 18),
  ]);
  const USDC = await deploy(deployer, art.TestToken as Artifact, [
    "USD Coin",
    "USDC",
    6,
    parseUnits("100000000", 6),
  ]);
  const OLD = await deploy(deployer, old, [parseUnits("1000000", 18)]);
  const factoryV2 = await deploy(deployer, v2Factory(), [deployer.account.address]);
  const routerV2 = await deploy(deployer, v2Router(), [factoryV2, WETH]);
  await call(deployer, factoryV2, v2Factory().abi, "createPair", [TKA, USDC]);
  const pair = await read<Address>(deployer, factoryV2, v2Factory().abi, "getPair", [TKA, USDC]);
  const factoryV3 = await deploy(deployer, v3Factory());
  const positionManager = await deploy(deployer, v3Npm(), [factoryV3, WETH, ZERO]);
  const routerV3 = await deploy(deployer, v3Router(), [factoryV3, WETH]);
  /** A 0.3% V3 pool of an 18-decimal token against USDC at `usdcPerToken`, made if missing. */
  const usdcPool = async (token: Address, usdcPerToken: number) => {
    const tokenFirst = token.toLowerCase() < USDC.toLowerCase();
    const [token0, token1] = tokenFirst ? [token, USDC] : [USDC, token];
    // price of token1 in token0 units, raw (USDC has 6 decimals, the token 18)
    const raw = tokenFirst ? (usdcPerToken * 1e6) / 1e18 : 1e18 / (usdcPerToken * 1e6);
    await call(deployer, positionManager, v3Npm().abi, "createAndInitializePoolIfNecessary", [
      token0,
      token1,
      V3_FEE,
      BigInt(Math.floor(Math.sqrt(raw) * 2 ** 96)),
    ]);
    const tick = Math.floor(Math.log(raw) / Math.log(1.0001));
    return { token, token0, token1, tick };
  };
  /** The wallet's position of `amount` of the token and `usdc` USDC, ±6000 ticks around the price. */
  const mintPosition = async (
    p: Awaited<ReturnType<typeof usdcPool>>,
    amount: bigint,
    usdc: bigint,
  ) => {
    const [amount0Desired, amount1Desired] = p.token0 === p.token ? [amount, usdc] : [usdc, amount];
    const receipt = await call(wallet, positionManager, v3Npm().abi, "mint", [
      {
        token0: p.token0,
        token1: p.token1,
        fee: V3_FEE,
        tickLower: Math.floor((p.tick - 6000) / 60) * 60,
        tickUpper: Math.floor((p.tick + 6000) / 60) * 60,
        amount0Desired,
        amount1Desired,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: wallet.account.address,
        deadline: DEADLINE,
      },
    ]);
    const nft = receipt.logs.find(
      (l) =>
        l.address.toLowerCase() === positionManager.toLowerCase() && l.topics[0] === TRANSFER_TOPIC,
    );
    return { receipt, tokenId: BigInt(nft?.topics[3] ?? "0x0") };
  };
  const tkaPool = await usdcPool(TKA, 200);
  const [t0, t1] = [tkaPool.token0, tkaPool.token1];
  const pool = await read<Address>(deployer, factoryV3, v3Factory().abi, "getPool", [
    t0,
    t1,
    V3_FEE,
  ]);
  const fixture: Fixture = {
    rpcUrl,
    chainId: foundry.id,
    wallet: wallet.account.address,
    other: other.account.address,
    multicall3,
    tokens: { TKA, USDC, OLD, WETH },
    v2: { factory: factoryV2, router: routerV2, pair },
    v3: { factory: factoryV3, positionManager, router: routerV3, pool, tokenId: "0" },
    steps: [],
  };
  const step = (kind: string, r: TransactionReceipt): PlayedStep => {
    const s = { kind, txHash: r.transactionHash, block: r.blockNumber.toString() };
    fixture.steps.push(s);
    return { ...s, fixture };
  };
  const W = wallet.account.address;
  const O = other.account.address;
  const tka = (n: string) => parseUnits(n, 18);
  const usdc = (n: string) => parseUnits(n, 6);
  const v3Amounts = (tkaAmount: bigint, usdcAmount: bigint) =>
    t0 === TKA ? [tkaAmount, usdcAmount] : [usdcAmount, tkaAmount];

  yield step("receive TKA", await call(deployer, TKA, erc20, "transfer", [W, tka("1000")]));
  yield step("receive USDC", await call(deployer, USDC, erc20, "transfer", [W, usdc("100000")]));
  yield step("receive OLD", await call(deployer, OLD, old.abi, "transfer", [W, tka("50")]));
  yield step("send TKA", await call(wallet, TKA, erc20, "transfer", [O, tka("10")]));
  const coin = async (from: Signer, to: Address, value: bigint) =>
    from.waitForTransactionReceipt({ hash: await from.sendTransaction({ to, value }) });
  yield step("receive ETH (no log)", await coin(other, W, parseUnits("1.5", 18)));
  yield step("send ETH", await coin(wallet, O, parseUnits("0.25", 18)));
  yield step("wrap ETH", await call(wallet, WETH, weth.abi, "deposit", [], { value: tka("2") }));

  // Uniswap V2 through the router: add liquidity, swap, remove half of it
  const approve = (token: Address, spender: Address) =>
    call(wallet, token, erc20, "approve", [spender, maxUint256]);
  yield step("approve TKA for the V2 router", await approve(TKA, routerV2));
  yield step("approve USDC for the V2 router", await approve(USDC, routerV2));
  yield step(
    "V2 add liquidity",
    await call(wallet, routerV2, v2Router().abi, "addLiquidity", [
      TKA,
      USDC,
      tka("100"),
      usdc("20000"),
      0n,
      0n,
      W,
      DEADLINE,
    ]),
  );
  yield step(
    "V2 swap: USDC for TKA",
    await call(wallet, routerV2, v2Router().abi, "swapExactTokensForTokens", [
      usdc("1000"),
      0n,
      [USDC, TKA],
      W,
      DEADLINE,
    ]),
  );
  // selling for the coin and buying with it: the router wraps and unwraps WETH on the way
  await call(deployer, TKA, erc20, "approve", [routerV2, maxUint256]);
  await call(
    deployer,
    routerV2,
    v2Router().abi,
    "addLiquidityETH",
    [TKA, tka("1000"), 0n, 0n, deployer.account.address, DEADLINE],
    { value: tka("5") },
  );
  yield step(
    "V2 swap: ETH for TKA",
    await call(
      wallet,
      routerV2,
      v2Router().abi,
      "swapExactETHForTokens",
      [0n, [WETH, TKA], W, DEADLINE],
      { value: parseUnits("0.1", 18) },
    ),
  );
  yield step(
    "V2 swap: TKA for ETH",
    await call(wallet, routerV2, v2Router().abi, "swapExactTokensForETH", [
      tka("20"),
      0n,
      [TKA, WETH],
      W,
      DEADLINE,
    ]),
  );
  yield step("approve UNI-V2 for the V2 router", await approve(pair, routerV2));
  const lp = await read<bigint>(wallet, pair, erc20, "balanceOf", [W]);
  yield step(
    "V2 remove liquidity",
    await call(wallet, routerV2, v2Router().abi, "removeLiquidity", [
      TKA,
      USDC,
      lp / 2n,
      0n,
      0n,
      W,
      DEADLINE,
    ]),
  );

  // Uniswap V3: a position of the wallet earns fees from other traders' swaps
  yield step("approve TKA for the position manager", await approve(TKA, positionManager));
  yield step("approve USDC for the position manager", await approve(USDC, positionManager));
  const { receipt: mint, tokenId } = await mintPosition(tkaPool, tka("10"), usdc("2000"));
  fixture.v3.tokenId = tokenId.toString();
  yield step("V3 mint position", mint);

  await call(deployer, USDC, erc20, "transfer", [O, usdc("5000")]);
  await call(deployer, TKA, erc20, "transfer", [O, tka("50")]);
  for (const t of [USDC, TKA]) await call(other, t, erc20, "approve", [routerV3, maxUint256]);
  const swap = (c: Signer, tokenIn: Address, tokenOut: Address, amountIn: bigint) =>
    call(c, routerV3, v3Router().abi, "exactInputSingle", [
      {
        tokenIn,
        tokenOut,
        fee: V3_FEE,
        recipient: c.account.address,
        deadline: DEADLINE,
        amountIn,
        amountOutMinimum: 0n,
        sqrtPriceLimitX96: 0n,
      },
    ]);
  const othersTrade = async () => {
    await swap(other, USDC, TKA, usdc("500"));
    await swap(other, TKA, USDC, tka("2"));
  };
  await othersTrade();
  yield step("approve TKA for the V3 router", await approve(TKA, routerV3));
  yield step("V3 swap: TKA for USDC", await swap(wallet, TKA, USDC, tka("1")));
  const [i0, i1] = v3Amounts(tka("5"), usdc("1000"));
  yield step(
    "V3 add liquidity",
    await call(wallet, positionManager, v3Npm().abi, "increaseLiquidity", [
      {
        tokenId,
        amount0Desired: i0,
        amount1Desired: i1,
        amount0Min: 0n,
        amount1Min: 0n,
        deadline: DEADLINE,
      },
    ]),
  );
  await othersTrade();
  const liquidity = async () =>
    (
      await read<readonly unknown[]>(wallet, positionManager, v3Npm().abi, "positions", [tokenId])
    )[7] as bigint;
  const decrease = (share: bigint) =>
    liquidity().then((l) => ({
      tokenId,
      liquidity: l / share,
      amount0Min: 0n,
      amount1Min: 0n,
      deadline: DEADLINE,
    }));
  const collectAll = {
    tokenId,
    recipient: W,
    amount0Max: 2n ** 128n - 1n,
    amount1Max: 2n ** 128n - 1n,
  };

  const npmCall = (functionName: string, arg: unknown) =>
    encodeFunctionData({ abi: v3Npm().abi, functionName, args: [arg] } as never);
  yield step(
    "V3 remove liquidity and collect",
    await call(wallet, positionManager, v3Npm().abi, "multicall", [
      [npmCall("decreaseLiquidity", await decrease(3n)), npmCall("collect", collectAll)],
    ]),
  );
  await othersTrade();
  yield step(
    "V3 decrease liquidity",
    await call(wallet, positionManager, v3Npm().abi, "decreaseLiquidity", [await decrease(10n)]),
  );
  await othersTrade();
  yield step(
    "V3 collect",
    await call(wallet, positionManager, v3Npm().abi, "collect", [collectAll]),
  );
  // fees keep accruing: the position ends with some uncollected
  await othersTrade();

  // a WETH/USDC position taken out as the coin: collect to the position manager, unwrap, sweep
  const wethPool = await usdcPool(WETH, 2000);
  yield step("approve WETH for the position manager", await approve(WETH, positionManager));
  const { receipt: ethMint, tokenId: ethTokenId } = await mintPosition(
    wethPool,
    tka("0.5"),
    usdc("1000"),
  );
  yield step("V3 mint WETH/USDC position", ethMint);
  // others trade through it both ways, paying with the coin and with USDC
  await call(
    other,
    routerV3,
    v3Router().abi,
    "exactInputSingle",
    [
      {
        tokenIn: WETH,
        tokenOut: USDC,
        fee: V3_FEE,
        recipient: O,
        deadline: DEADLINE,
        amountIn: tka("0.05"),
        amountOutMinimum: 0n,
        sqrtPriceLimitX96: 0n,
      },
    ],
    { value: tka("0.05") },
  );
  await swap(other, USDC, WETH, usdc("100"));
  const ethLiquidity = (
    await read<readonly unknown[]>(wallet, positionManager, v3Npm().abi, "positions", [ethTokenId])
  )[7] as bigint;
  yield step(
    "V3 remove WETH/USDC liquidity as ETH",
    await call(wallet, positionManager, v3Npm().abi, "multicall", [
      [
        npmCall("decreaseLiquidity", {
          tokenId: ethTokenId,
          liquidity: ethLiquidity / 2n,
          amount0Min: 0n,
          amount1Min: 0n,
          deadline: DEADLINE,
        }),
        npmCall("collect", {
          tokenId: ethTokenId,
          recipient: ZERO,
          amount0Max: 2n ** 128n - 1n,
          amount1Max: 2n ** 128n - 1n,
        }),
        encodeFunctionData({
          abi: v3Npm().abi,
          functionName: "unwrapWETH9",
          args: [0n, W],
        } as never),
        encodeFunctionData({
          abi: v3Npm().abi,
          functionName: "sweepToken",
          args: [USDC, 0n, W],
        } as never),
      ],
    ]),
  );

  yield step("unwrap ETH", await call(wallet, WETH, weth.abi, "withdraw", [tka("1")]));
  yield step("send OLD", await call(wallet, OLD, old.abi, "transfer", [O, tka("5")]));
  yield step(
    "failed transfer",
    await call(wallet, TKA, erc20, "transfer", [O, tka("1000000000")], { mayRevert: true }),
  );
  return fixture;
}

/**
 * Deploys the contracts and plays the whole scripted history. With `stepSeconds`, each step's
 * first block comes that long after the block before (anvil's `evm_setNextBlockTimestamp`), so
 * a chain started in the past (startAnvil's `timestamp`) has swaps hours apart: its pools have
 * prices at past hours that candles can be checked against.
 */
export async function deployFixture(
  rpcUrl: string,
  opts: { stepSeconds?: number } = {},
): Promise<Fixture> {
  const script = scriptedHistory(rpcUrl);
  const rpc = async (method: string, params: unknown[]) => {
    const r = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await r.json()) as { result: unknown }).result;
  };
  for (;;) {
    if (opts.stepSeconds) {
      const last = (await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
      await rpc("evm_setNextBlockTimestamp", [Number(last.timestamp) + opts.stepSeconds]);
    }
    const next = await script.next();
    if (next.done) return next.value;
  }
}

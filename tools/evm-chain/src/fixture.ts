import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  maxUint256,
  parseUnits,
  publicActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { type Artifact, compileTokens, npmArtifact } from "./compile.ts";
import type { Fixture } from "./fixture-types.ts";

export type { Fixture };

/** anvil's first three dev keys (mnemonic "test test … junk"): deployer, tracked wallet, someone else. */
export const DEV_KEYS = {
  deployer: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  wallet: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  other: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
} as const satisfies Record<string, Hex>;

const V3_FEE = 3000;

/** Deploys tokens, Multicall3, a Uniswap V2 pair and a V3 pool with a position, then plays a history. */
export async function deployFixture(rpcUrl: string): Promise<Fixture> {
  const art = compileTokens();
  const pub = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
  const client = (key: Hex) =>
    createWalletClient({
      account: privateKeyToAccount(key),
      chain: foundry,
      transport: http(rpcUrl),
    }).extend(publicActions);
  const deployer = client(DEV_KEYS.deployer);
  const wallet = client(DEV_KEYS.wallet);
  const other = client(DEV_KEYS.other);
  const steps: Fixture["steps"] = [];

  async function wait(hash: Hex, kind?: string) {
    const r = await pub.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`${kind ?? "tx"} reverted`);
    if (kind) steps.push({ kind, txHash: hash, block: r.blockNumber.toString() });
    return r;
  }
  async function deploy(a: Artifact, args: unknown[] = []): Promise<Address> {
    const hash = await deployer.deployContract({ abi: a.abi as Abi, bytecode: a.bytecode, args });
    const r = await wait(hash);
    if (!r.contractAddress) throw new Error("no contract address");
    return r.contractAddress;
  }
  // A fixed gas limit: an estimate made in the same second as the pool's last update skips the
  // oracle writes that the mined transaction (a second later) performs, and then runs out of gas.
  const write = async (
    c: ReturnType<typeof client>,
    address: Address,
    abi: unknown[],
    functionName: string,
    args: unknown[],
    kind?: string,
    value?: bigint,
  ) =>
    wait(
      await c.writeContract({
        address,
        abi: abi as Abi,
        functionName,
        args,
        gas: 5_000_000n,
        ...(value ? { value } : {}),
      } as never),
      kind,
    );
  const erc20 = art.TestToken as Artifact;

  const multicall3 = await deploy(art.Multicall3 as Artifact);
  const WETH = await deploy(art.WETH9 as Artifact);
  const TKA = await deploy(erc20, ["Token A", "TKA", 18, parseUnits("1000000", 18)]);
  const USDC = await deploy(erc20, ["USD Coin", "USDC", 6, parseUnits("100000000", 6)]);
  const OLD = await deploy(art.Bytes32Token as Artifact, [parseUnits("1000000", 18)]);

  // the tracked wallet receives tokens, sends some, and gets native coin without a log
  await write(
    deployer,
    TKA,
    erc20.abi,
    "transfer",
    [wallet.account.address, parseUnits("1000", 18)],
    "receive TKA",
  );
  await write(
    deployer,
    USDC,
    erc20.abi,
    "transfer",
    [wallet.account.address, parseUnits("100000", 6)],
    "receive USDC",
  );
  await write(
    deployer,
    OLD,
    (art.Bytes32Token as Artifact).abi,
    "transfer",
    [wallet.account.address, parseUnits("50", 18)],
    "receive OLD",
  );
  await write(
    wallet,
    TKA,
    erc20.abi,
    "transfer",
    [other.account.address, parseUnits("10", 18)],
    "send TKA",
  );
  await wait(
    await other.sendTransaction({ to: wallet.account.address, value: parseUnits("1.5", 18) }),
    "receive ETH (no log)",
  );

  // Uniswap V2: a TKA/USDC pair, liquidity from the wallet, then a swap through the pair
  const v2Factory = npmArtifact("@uniswap/v2-core/build/UniswapV2Factory.json");
  const v2Pair = npmArtifact("@uniswap/v2-core/build/UniswapV2Pair.json");
  const factoryV2 = await deploy(v2Factory, [deployer.account.address]);
  await write(deployer, factoryV2, v2Factory.abi, "createPair", [TKA, USDC]);
  const pair = (await pub.readContract({
    address: factoryV2,
    abi: v2Factory.abi as Abi,
    functionName: "getPair",
    args: [TKA, USDC],
  })) as Address;
  await write(wallet, TKA, erc20.abi, "transfer", [pair, parseUnits("100", 18)], "V2 add: TKA in");
  await write(
    wallet,
    USDC,
    erc20.abi,
    "transfer",
    [pair, parseUnits("20000", 6)],
    "V2 add: USDC in",
  );
  await write(wallet, pair, v2Pair.abi, "mint", [wallet.account.address], "V2 add: LP minted");
  const [r0, r1] = (await pub.readContract({
    address: pair,
    abi: v2Pair.abi as Abi,
    functionName: "getReserves",
  })) as [bigint, bigint, number];
  const token0 = (await pub.readContract({
    address: pair,
    abi: v2Pair.abi as Abi,
    functionName: "token0",
  })) as Address;
  const usdcIn = parseUnits("1000", 6);
  const [reserveIn, reserveOut] = token0.toLowerCase() === USDC.toLowerCase() ? [r0, r1] : [r1, r0];
  const out = (usdcIn * 997n * reserveOut) / (reserveIn * 1000n + usdcIn * 997n);
  await write(wallet, USDC, erc20.abi, "transfer", [pair, usdcIn], "V2 swap: USDC in");
  const outs = token0.toLowerCase() === USDC.toLowerCase() ? [0n, out] : [out, 0n];
  await write(
    wallet,
    pair,
    v2Pair.abi,
    "swap",
    [...outs, wallet.account.address, "0x"],
    "V2 swap: TKA out",
  );

  // Uniswap V3: a TKA/USDC 0.3% pool at 200 USDC per TKA, a position of the wallet, swaps
  const v3Factory = npmArtifact(
    "@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json",
  );
  const npm = npmArtifact(
    "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  );
  const routerArt = npmArtifact(
    "@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json",
  );
  const factoryV3 = await deploy(v3Factory);
  const positionManager = await deploy(npm, [
    factoryV3,
    WETH,
    "0x0000000000000000000000000000000000000000",
  ]);
  const router = await deploy(routerArt, [factoryV3, WETH]);
  const [t0, t1] = TKA.toLowerCase() < USDC.toLowerCase() ? [TKA, USDC] : [USDC, TKA];
  // price of token1 in token0 units, raw: 200 USDC (6 dp) per TKA (18 dp)
  const rawPrice = t0 === TKA ? 200e6 / 1e18 : 1e18 / 200e6;
  const sqrtPriceX96 = BigInt(Math.floor(Math.sqrt(rawPrice) * 2 ** 96));
  await write(deployer, positionManager, npm.abi, "createAndInitializePoolIfNecessary", [
    t0,
    t1,
    V3_FEE,
    sqrtPriceX96,
  ]);
  const pool = (await pub.readContract({
    address: factoryV3,
    abi: v3Factory.abi as Abi,
    functionName: "getPool",
    args: [t0, t1, V3_FEE],
  })) as Address;
  const tick = Math.floor(Math.log(rawPrice) / Math.log(1.0001));
  const tickLower = Math.floor((tick - 6000) / 60) * 60;
  const tickUpper = Math.floor((tick + 6000) / 60) * 60;
  for (const t of [TKA, USDC])
    await write(wallet, t, erc20.abi, "approve", [positionManager, maxUint256]);
  const [a0, a1] =
    t0 === TKA
      ? [parseUnits("10", 18), parseUnits("2000", 6)]
      : [parseUnits("2000", 6), parseUnits("10", 18)];
  const mint = await write(
    wallet,
    positionManager,
    npm.abi,
    "mint",
    [
      {
        token0: t0,
        token1: t1,
        fee: V3_FEE,
        tickLower,
        tickUpper,
        amount0Desired: a0,
        amount1Desired: a1,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: wallet.account.address,
        deadline: 2n ** 40n,
      },
    ],
    "V3 position minted",
  );
  const transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  const nft = mint.logs.find(
    (l) =>
      l.address.toLowerCase() === positionManager.toLowerCase() && l.topics[0] === transferTopic,
  );
  const tokenId = BigInt(nft?.topics[3] ?? "0x0").toString();

  // someone else trades through the pool (the position earns fees), then the wallet does
  await write(deployer, USDC, erc20.abi, "transfer", [
    other.account.address,
    parseUnits("5000", 6),
  ]);
  await write(other, USDC, erc20.abi, "approve", [router, maxUint256]);
  const swapParams = (
    c: ReturnType<typeof client>,
    tokenIn: Address,
    tokenOut: Address,
    amountIn: bigint,
  ) => ({
    tokenIn,
    tokenOut,
    fee: V3_FEE,
    recipient: c.account.address,
    deadline: 2n ** 40n,
    amountIn,
    amountOutMinimum: 0n,
    sqrtPriceLimitX96: 0n,
  });
  await write(other, router, routerArt.abi, "exactInputSingle", [
    swapParams(other, USDC, TKA, parseUnits("500", 6)),
  ]);
  await write(wallet, TKA, erc20.abi, "approve", [router, maxUint256]);
  await write(
    wallet,
    router,
    routerArt.abi,
    "exactInputSingle",
    [swapParams(wallet, TKA, USDC, parseUnits("1", 18))],
    "V3 swap: TKA for USDC",
  );
  await write(
    wallet,
    OLD,
    (art.Bytes32Token as Artifact).abi,
    "transfer",
    [other.account.address, parseUnits("5", 18)],
    "send OLD",
  );

  return {
    rpcUrl,
    chainId: foundry.id,
    wallet: wallet.account.address,
    other: other.account.address,
    multicall3,
    tokens: { TKA, USDC, OLD, WETH },
    v2: { factory: factoryV2, pair },
    v3: { factory: factoryV3, positionManager, router, pool, tokenId },
    steps,
  };
}

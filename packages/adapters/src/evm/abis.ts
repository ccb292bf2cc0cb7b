import { parseAbi, toEventSelector } from "viem";

export const erc20Abi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function name() view returns (string)",
  "function totalSupply() view returns (uint256)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);
export const bytes32MetaAbi = parseAbi([
  "function symbol() view returns (bytes32)",
  "function name() view returns (bytes32)",
]);
export const v2PairAbi = parseAbi([
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function getReserves() view returns (uint112, uint112, uint32)",
  "function totalSupply() view returns (uint256)",
]);
export const v3PositionManagerAbi = parseAbi([
  "function balanceOf(address) view returns (uint256)",
  "function tokenOfOwnerByIndex(address, uint256) view returns (uint256)",
  "function positions(uint256) view returns (uint96 nonce, address operator, address token0, address token1, uint24 fee, int24 tickLower, int24 tickUpper, uint128 liquidity, uint256 feeGrowthInside0LastX128, uint256 feeGrowthInside1LastX128, uint128 tokensOwed0, uint128 tokensOwed1)",
]);
export const multicall3Abi = parseAbi(["function getEthBalance(address) view returns (uint256)"]);
export const v3FactoryAbi = parseAbi([
  "function getPool(address, address, uint24) view returns (address)",
]);
export const v3PoolAbi = parseAbi([
  "function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool)",
  "function feeGrowthGlobal0X128() view returns (uint256)",
  "function feeGrowthGlobal1X128() view returns (uint256)",
  "function ticks(int24) view returns (uint128 liquidityGross, int128 liquidityNet, uint256 feeGrowthOutside0X128, uint256 feeGrowthOutside1X128, int56, uint160, uint32, bool)",
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function fee() view returns (uint24)",
  "function liquidity() view returns (uint128)",
]);
export const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
/** Uniswap V2 Swap(sender, amount0In, amount1In, amount0Out, amount1Out, to): `to` is topic 2 */
export const V2_SWAP_TOPIC = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822";
/** Uniswap V3 Swap(sender, recipient, …): `recipient` is topic 2 */
export const V3_SWAP_TOPIC = "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67";
/** Uniswap V2 pair Mint(sender, amount0, amount1) and Burn(sender, amount0, amount1, to) */
export const V2_MINT_TOPIC = toEventSelector("event Mint(address indexed, uint256, uint256)");
export const V2_BURN_TOPIC = toEventSelector(
  "event Burn(address indexed, uint256, uint256, address indexed)",
);
/** Uniswap V3 NonfungiblePositionManager events; the token id is topic 1 */
export const npmEventsAbi = parseAbi([
  "event IncreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)",
  "event DecreaseLiquidity(uint256 indexed tokenId, uint128 liquidity, uint256 amount0, uint256 amount1)",
  "event Collect(uint256 indexed tokenId, address recipient, uint256 amount0, uint256 amount1)",
]);
export const V3_INCREASE_TOPIC = toEventSelector(npmEventsAbi[0]);
export const V3_DECREASE_TOPIC = toEventSelector(npmEventsAbi[1]);
export const V3_COLLECT_TOPIC = toEventSelector(npmEventsAbi[2]);
/** WETH9 moves value without a Transfer: Deposit(dst, wad) and Withdrawal(src, wad) */
export const WETH_DEPOSIT_TOPIC = toEventSelector("event Deposit(address indexed, uint256)");
export const WETH_WITHDRAWAL_TOPIC = toEventSelector("event Withdrawal(address indexed, uint256)");

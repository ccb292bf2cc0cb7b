export * from "./adapter.js";
export * from "./adapter-error.js";
export { BinanceAdapter } from "./binance/binance-adapter.js";
export { BinanceConfig } from "./binance/config.js";
export * from "./create-adapter.js";
export { EvmConfig } from "./evm/config.js";
export { EvmAdapter, type LiquidityPosition } from "./evm/evm-adapter.js";
export { SIM_CASH, SIM_INSTRUMENTS, SimulatedConfig } from "./simulated/config.js";
export { SimulatedAdapter } from "./simulated/simulated-adapter.js";

export { scriptAccount } from "./script.ts";
export {
  type ApiKeyConfig,
  DEFAULT_API_KEY,
  type FakeBinance,
  type FakeBinanceOptions,
  type ServedFaults,
  startFakeBinance,
} from "./server.ts";
export { BINANCE_LIMITS } from "./weights.ts";

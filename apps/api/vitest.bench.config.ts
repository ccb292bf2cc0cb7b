import { startFakeBinance } from "@portfolio/fake-binance";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// `pnpm bench` inside workerd (local D1, the price object): the metrics route over many flows
// and the tax routes over many transactions, with a local Binance for their prices.
export default workersTestConfig(
  import.meta.dirname,
  "./test/wrangler.test.jsonc",
  async () => {
    const binance = await startFakeBinance({
      seed: "api-bench",
      unref: true,
      trades: 40,
      // 32 walked assets and 18 listed at a constant price: 50 with a USDT pair, five years
      fillerBases: 18,
      days: 5 * 365 + 5,
    });
    return {
      PRICE_BINANCE_URL: binance.url,
      FAKE_BINANCE_URL: binance.url,
      EVM_FIXTURE: "{}",
      WEBHOOK_RECEIVER_URL: "http://127.0.0.1:9",
    };
  },
  { include: ["bench/**/*.bench.ts"], testTimeout: 900_000, silent: false },
);

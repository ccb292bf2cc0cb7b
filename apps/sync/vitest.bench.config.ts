import { startFakeBinance } from "@portfolio/fake-binance";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// `pnpm bench` inside workerd (local D1, the price object): the history rebuild against a local
// Binance with five years of candles at Binance's real /api limit (6,000 a minute).
export default workersTestConfig(
  import.meta.dirname,
  "./wrangler.jsonc",
  async () => {
    const fake = await startFakeBinance({
      seed: "rebuild-bench",
      unref: true,
      trades: 40,
      // 32 walked assets and 18 listed ones at a constant price: 50 with a USDT pair
      fillerBases: 18,
      days: 5 * 365 + 5,
    });
    return { FAKE_BINANCE_URL: fake.url, PRICE_BINANCE_URL: fake.url, HISTORY_REBUILD: "off" };
  },
  { include: ["bench/**/*.bench.ts"], testTimeout: 900_000, silent: false },
);

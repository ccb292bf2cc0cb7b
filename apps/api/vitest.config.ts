import { deployFixture, startAnvil } from "@portfolio/evm-chain";
import { startFakeBinance } from "@portfolio/fake-binance";
import { startWebhookReceiver } from "@portfolio/test-support/webhook-receiver";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// A real chain (anvil with the scripted fixture) for the EVM accounts the webhook tests register,
// a local receiver for the outbound webhooks' deliveries, and a local Binance whose market data
// the price service reads. The tests beside the code in src/ run in Node (vitest.node.config.ts).
export default workersTestConfig(
  import.meta.dirname,
  "./test/wrangler.test.jsonc",
  async () => {
    // the worker's static assets (the API reference's bundle), as a deploy builds them
    await import("./scripts/build-assets.mjs");
    const anvil = await startAnvil({ unref: true });
    const receiver = await startWebhookReceiver({ unref: true });
    const binance = await startFakeBinance({
      seed: "api-prices",
      unref: true,
      trades: 40,
      fillerBases: 3,
    });
    return {
      PRICE_BINANCE_URL: binance.url,
      FAKE_BINANCE_URL: binance.url,
      EVM_FIXTURE: JSON.stringify(await deployFixture(anvil.rpcUrl)),
      WEBHOOK_RECEIVER_URL: receiver.url,
    };
  },
  { include: ["test/**/*.test.ts"] },
);

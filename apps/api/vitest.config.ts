import { deployFixture, startAnvil } from "@portfolio/evm-chain";
import { startWebhookReceiver } from "@portfolio/test-support/webhook-receiver";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// A real chain (anvil with the scripted fixture) for the EVM accounts the webhook tests register,
// and a local receiver for the outbound webhooks' deliveries.
export default workersTestConfig(import.meta.dirname, "./test/wrangler.test.jsonc", async () => {
  const anvil = await startAnvil({ unref: true });
  const receiver = await startWebhookReceiver({ unref: true });
  return {
    EVM_FIXTURE: JSON.stringify(await deployFixture(anvil.rpcUrl)),
    WEBHOOK_RECEIVER_URL: receiver.url,
  };
});

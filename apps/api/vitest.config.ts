import { deployFixture, startAnvil } from "@portfolio/evm-chain";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// A real chain (anvil with the scripted fixture) for the EVM accounts the webhook tests register.
export default workersTestConfig(import.meta.dirname, "./test/wrangler.test.jsonc", async () => {
  const anvil = await startAnvil({ unref: true });
  return { EVM_FIXTURE: JSON.stringify(await deployFixture(anvil.rpcUrl)) };
});

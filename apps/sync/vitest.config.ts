import { DEFAULT_API_KEY, startFakeBinance } from "@portfolio/fake-binance";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// The account objects' Binance tests talk to a protocol-faithful local Binance started here.
// SAPI UID limits are raised so a test's full sync needs no minute-long pause; pacing itself is
// tested against lowered /api limits.
export default workersTestConfig(import.meta.dirname, "./wrangler.jsonc", async () => {
  const fake = await startFakeBinance({
    seed: "sync-tests",
    unref: true,
    limits: { requestWeight: 60_000, sapiUidWeight: 10_000_000 },
  });
  return {
    FAKE_BINANCE_URL: fake.url,
    FAKE_BINANCE_KEY: DEFAULT_API_KEY.key,
    FAKE_BINANCE_SECRET: DEFAULT_API_KEY.secret ?? "",
    FAKE_BINANCE_START: new Date(fake.account.start).toISOString(),
  };
});

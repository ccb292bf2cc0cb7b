import { generateKeyPairSync } from "node:crypto";
import { DEFAULT_API_KEY, startFakeBinance } from "@portfolio/fake-binance";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// The account objects' Binance tests talk to a protocol-faithful local Binance started here,
// with an HMAC key and an Ed25519 key. SAPI UID limits are raised so a test's full sync needs no
// minute-long pause; pacing itself is tested against lowered /api limits.
export default workersTestConfig(import.meta.dirname, "./wrangler.jsonc", async () => {
  const ed = generateKeyPairSync("ed25519");
  const edKey = "fakeBinanceEd25519Key0000000000000000000000000000000000000000000";
  const fake = await startFakeBinance({
    seed: "sync-tests",
    unref: true,
    limits: { requestWeight: 60_000, sapiUidWeight: 10_000_000 },
    apiKeys: [
      DEFAULT_API_KEY,
      {
        key: edKey,
        ed25519PublicKey: ed.publicKey.export({ type: "spki", format: "pem" }).toString(),
      },
    ],
  });
  return {
    FAKE_BINANCE_URL: fake.url,
    FAKE_BINANCE_KEY: DEFAULT_API_KEY.key,
    FAKE_BINANCE_SECRET: DEFAULT_API_KEY.secret ?? "",
    FAKE_BINANCE_ED25519_KEY: edKey,
    FAKE_BINANCE_ED25519_PRIVATE: ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    FAKE_BINANCE_START: new Date(fake.account.start).toISOString(),
  };
});

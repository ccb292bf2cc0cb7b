import { generateKeyPairSync } from "node:crypto";
import { deployFixture, startAnvil, startRangeLimitedProxy } from "@portfolio/evm-chain";
import { DEFAULT_API_KEY, startFakeBinance } from "@portfolio/fake-binance";
import { startWebhookReceiver } from "@portfolio/test-support/webhook-receiver";
import { workersTestConfig } from "@portfolio/test-support/workers-test-config";

// The account objects' tests talk to the outside world's stand-ins started here: a
// protocol-faithful local Binance (an HMAC and an Ed25519 key; SAPI UID limits raised so a full
// sync needs no minute-long pause, pacing is tested against lowered /api limits) and a real
// EVM chain (anvil) with tokens, Multicall3, Uniswap V2 and V3 deployed and a scripted history,
// reachable directly and through a proxy that refuses wide eth_getLogs ranges; and a local
// webhook receiver for the outbound webhooks (plain http to it is allowed in these tests).
// The account-management tests get a small local Binance of their own (two keys of one account,
// and a key of another account), so no other file's bans and faults reach them.
const FAULT_KEY = "fakeBinanceFaultKey00000000000000000000000000000000000000000000000";
const FAULT_SECRET = "fakeBinanceFaultSecret000000000000000000000000000000000000000000";
const MANAGE_KEYS = {
  second: {
    key: "fakeBinanceSecondKey0000000000000000000000000000000000000000000",
    secret: "fakeBinanceSecondSecret00000000000000000000000000000000000000000",
  },
  other: {
    key: "fakeBinanceOtherAccountKey000000000000000000000000000000000000",
    secret: "fakeBinanceOtherAccountSecret000000000000000000000000000000000000",
    uid: 111222333,
  },
};

const COLD_KEY = {
  key: "fakeBinanceColdKey".padEnd(64, "0"),
  secret: "fakeBinanceColdSecret".padEnd(64, "0"),
};
const BAN_KEY = {
  key: "fakeBinanceBanKey".padEnd(64, "0"),
  secret: "fakeBinanceBanSecret".padEnd(64, "0"),
};
const AUTH_KEY = {
  key: "fakeBinanceAuthKey".padEnd(64, "0"),
  secret: "fakeBinanceAuthSecret".padEnd(64, "0"),
};
const LIVE_KEYS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
  key: `fakeBinanceLiveKey${n}`.padEnd(64, "0"),
  secret: `fakeBinanceLiveSecret${n}`.padEnd(64, "0"),
}));

export default workersTestConfig(import.meta.dirname, "./wrangler.jsonc", async () => {
  const ed = generateKeyPairSync("ed25519");
  const edKey = "fakeBinanceEd25519Key0000000000000000000000000000000000000000000";
  const fake = await startFakeBinance({
    seed: "sync-tests",
    unref: true,
    limits: { requestWeight: 60_000, sapiIpWeight: 1_000_000, sapiUidWeight: 10_000_000 },
    apiKeys: [
      DEFAULT_API_KEY,
      {
        key: edKey,
        ed25519PublicKey: ed.publicKey.export({ type: "spki", format: "pem" }).toString(),
      },
      // fault tests sign with their own key, so other accounts' background syncs cannot eat the faults
      { key: FAULT_KEY, secret: FAULT_SECRET },
      // and the cold-object trade check, the ban-through-eviction test and the rejected-key
      // test count the requests of keys of their own
      COLD_KEY,
      BAN_KEY,
      AUTH_KEY,
    ],
  });
  const anvil = await startAnvil({ unref: true });
  const fixture = await deployFixture(anvil.rpcUrl);
  const proxy = await startRangeLimitedProxy(anvil.rpcUrl, 3);
  const receiver = await startWebhookReceiver({ unref: true });
  const manage = await startFakeBinance({
    seed: "manage-tests",
    unref: true,
    trades: 40,
    fillerBases: 4,
    limits: { requestWeight: 60_000, sapiIpWeight: 1_000_000, sapiUidWeight: 10_000_000 },
    apiKeys: [DEFAULT_API_KEY, MANAGE_KEYS.second, MANAGE_KEYS.other],
  });
  // the user data stream tests trade on a local Binance of their own (a fill moves that
  // account's balances for every key of it); it pings every 200 ms so a test sees the pongs
  const live = await startFakeBinance({
    seed: "live-tests",
    unref: true,
    trades: 40,
    fillerBases: 3,
    limits: { requestWeight: 60_000, sapiIpWeight: 1_000_000, sapiUidWeight: 10_000_000 },
    stream: { pingIntervalMs: 200 },
    // a key per test, so each test counts only its own account's requests
    apiKeys: [DEFAULT_API_KEY, ...LIVE_KEYS],
  });
  // a second chain whose scripted history lies in the past, its steps three hours apart: its
  // pools have prices at past hours that the price service's candles are checked against
  const pastChain = await startAnvil({
    unref: true,
    timestamp: Math.floor(Date.now() / 1000) - 5 * 86_400,
  });
  const pastFixture = await deployFixture(pastChain.rpcUrl, { stepSeconds: 3 * 3_600 });
  return {
    LIVE_BINANCE_URL: live.url,
    LIVE_BINANCE_START: new Date(live.account.start).toISOString(),
    LIVE_BINANCE_KEYS: JSON.stringify(LIVE_KEYS),
    FAKE_BINANCE_COLD_KEY: JSON.stringify(COLD_KEY),
    FAKE_BINANCE_BAN_KEY: JSON.stringify(BAN_KEY),
    FAKE_BINANCE_AUTH_KEY: JSON.stringify(AUTH_KEY),
    FAKE_BINANCE_URL: fake.url,
    // the price service reads the main local Binance's market data
    PRICE_BINANCE_URL: fake.url,
    // rebuilds on request only: none runs behind another test's back (or spends its weight)
    HISTORY_REBUILD: "off",
    FAKE_BINANCE_KEY: DEFAULT_API_KEY.key,
    FAKE_BINANCE_SECRET: DEFAULT_API_KEY.secret ?? "",
    FAKE_BINANCE_ED25519_KEY: edKey,
    FAKE_BINANCE_ED25519_PRIVATE: ed.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    FAKE_BINANCE_FAULT_KEY: FAULT_KEY,
    FAKE_BINANCE_FAULT_SECRET: FAULT_SECRET,
    FAKE_BINANCE_START: new Date(fake.account.start).toISOString(),
    EVM_FIXTURE: JSON.stringify(fixture),
    EVM_RANGE_LIMITED_RPC: proxy.url,
    PAST_EVM_FIXTURE: JSON.stringify(pastFixture),
    WEBHOOK_RECEIVER_URL: receiver.url,
    MANAGE_BINANCE_URL: manage.url,
    MANAGE_BINANCE_START: new Date(manage.account.start).toISOString(),
    MANAGE_BINANCE_KEYS: JSON.stringify({ first: DEFAULT_API_KEY, ...MANAGE_KEYS }),
    WEBHOOKS_ALLOW_HTTP_LOCALHOST: "true",
  };
});

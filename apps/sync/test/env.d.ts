import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      FAKE_BINANCE_URL: string;
      FAKE_BINANCE_KEY: string;
      FAKE_BINANCE_SECRET: string;
      FAKE_BINANCE_START: string;
      FAKE_BINANCE_ED25519_KEY: string;
      FAKE_BINANCE_ED25519_PRIVATE: string;
      EVM_FIXTURE: string;
      /** a chain like EVM_FIXTURE's whose scripted steps lie in the past, three hours apart */
      PAST_EVM_FIXTURE: string;
      FAKE_BINANCE_FAULT_KEY: string;
      FAKE_BINANCE_FAULT_SECRET: string;
      EVM_RANGE_LIMITED_RPC: string;
      /** the local webhook receiver (tools/test-support) */
      WEBHOOK_RECEIVER_URL: string;
      /** the management tests' own local Binance: its URL, history start and keys (JSON) */
      MANAGE_BINANCE_URL: string;
      MANAGE_BINANCE_START: string;
      MANAGE_BINANCE_KEYS: string;
      /** the user data stream tests' own local Binance */
      LIVE_BINANCE_URL: string;
      LIVE_BINANCE_START: string;
      /** its keys, one per test (JSON: [{key, secret}]) */
      LIVE_BINANCE_KEYS: string;
      /** a key of the main local Binance only the cold-object trade check uses (JSON: {key, secret}) */
      FAKE_BINANCE_COLD_KEY: string;
      /** the same for the test of a ban that outlives its object */
      FAKE_BINANCE_BAN_KEY: string;
      /** and for the test of a rejected signature or key */
      FAKE_BINANCE_AUTH_KEY: string;
    }
  }
}

import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** a second D1 the setup file leaves empty, for migrating step by step */
      MIGRATION_DB: D1Database;
      /** the worker's static assets (test config only: the platform serves them before the worker) */
      ASSETS: Fetcher;
      /** the local chain's fixture (tools/evm-chain), as JSON */
      EVM_FIXTURE: string;
      /** the local webhook receiver (tools/test-support) */
      WEBHOOK_RECEIVER_URL: string;
      /** the local Binance the price service reads (tools/fake-binance) */
      FAKE_BINANCE_URL: string;
    }
  }
}

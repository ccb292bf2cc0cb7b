import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { sqlAsText } from "./sql-as-text.ts";
import { testBindings } from "./test-bindings.ts";

/**
 * Vitest config for a worker's tests inside workerd: its wrangler config, the test secrets,
 * the D1 migrations (applied by the app's `test/apply-migrations.ts`), .sql as text, and any
 * bindings the app's tests need from servers started here (a local Binance, a chain).
 */
export function workersTestConfig(
  appDir: string,
  wranglerConfig: string,
  extraBindings: () => Promise<Record<string, string>> = async () => ({}),
  /** other files and a longer timeout: a benchmark run inside workerd (`pnpm bench`) */
  run: { include?: string[]; testTimeout?: number; silent?: boolean } = {},
) {
  return defineConfig(async () => ({
    plugins: [
      sqlAsText(),
      cloudflareTest({
        wrangler: { configPath: wranglerConfig },
        miniflare: {
          bindings: {
            ...testBindings,
            ...(await extraBindings()),
            TEST_MIGRATIONS: await readD1Migrations(
              path.join(appDir, "../../packages/db/migrations"),
            ),
          },
        },
      }),
    ],
    test: {
      include: run.include ?? ["src/**/*.test.ts", "test/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      // request and sync log lines are shown for failing tests only
      silent: run.silent ?? ("passed-only" as const),
      // syncs against local stand-ins take seconds, not milliseconds, on a 2-core machine
      testTimeout: run.testTimeout ?? 30_000,
    },
  }));
}

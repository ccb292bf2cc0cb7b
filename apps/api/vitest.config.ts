import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { sqlAsText, testBindings } from "@portfolio/test-support";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => ({
  plugins: [
    sqlAsText(),
    cloudflareTest({
      wrangler: { configPath: "./test/wrangler.test.jsonc" },
      miniflare: {
        bindings: {
          ...testBindings,
          TEST_MIGRATIONS: await readD1Migrations(
            path.join(import.meta.dirname, "../../packages/db/migrations"),
          ),
        },
      },
    }),
  ],
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // request and sync log lines are shown for failing tests only
    silent: "passed-only",
    setupFiles: ["./test/apply-migrations.ts"],
  },
}));

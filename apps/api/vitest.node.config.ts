import { defineConfig } from "vitest/config";

// The middleware and the error envelope, tested in plain Node through `app.request()` (no
// workerd): each test builds the smallest Hono app around the piece it tests. The Workers tests
// (test/, vitest.config.ts) run the whole worker inside workerd.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});

import { defineConfig } from "drizzle-kit";

// The webhook Durable Object's own SQLite (one object per owner); the account object's is in
// drizzle.config.ts.
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./src/webhooks/storage/schema.ts",
  out: "./src/webhooks/storage/migrations",
});

import { defineConfig } from "drizzle-kit";

// The account Durable Object's own SQLite; D1's schema lives in packages/db.
export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./src/storage/schema.ts",
  out: "./src/storage/migrations",
});

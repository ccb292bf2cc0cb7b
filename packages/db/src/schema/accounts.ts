import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { bookkeeping, jsonText } from "./columns.js";

export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    /** the API key owner the account belongs to */
    ownerId: text("owner_id").notNull().default("default"),
    name: text("name").notNull(),
    type: text("type", { enum: ["dex", "cex"] }).notNull(),
    provider: text("provider").notNull(),
    /** the account's id on its platform (Binance's uid, `evm:<chainId>:<addresses>`), not ours */
    platformAccountId: text("platform_account_id"),
    /** public config only; credentials live encrypted in the account's Durable Object */
    config: jsonText("config").notNull(),
    metadata: jsonText("metadata").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    ...bookkeeping,
  },
  (t) => [
    index("accounts_inserted_at_idx").on(t.insertedAt, t.id),
    index("accounts_owner_idx").on(t.ownerId, t.active),
  ],
);
export type AccountRow = typeof accounts.$inferSelect;

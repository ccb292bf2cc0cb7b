import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * An owner's rebuilt history (see rebuildOwnerHistory) in one base: asked for when an account's
 * history completes or grows, run by one worker at a time (`running` is claimed), and what the
 * last run wrote. A request that comes while one runs leaves it `pending` again, so it runs once
 * more with the new history.
 */
export const historyRebuilds = sqliteTable(
  "history_rebuilds",
  {
    ownerId: text("owner_id").notNull(),
    base: text("base").notNull(),
    state: text("state", { enum: ["pending", "running", "done", "failed"] }).notNull(),
    requestedAt: integer("requested_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    /** first and last day of the last run (YYYY-MM-DD) */
    fromDay: text("from_day"),
    toDay: text("to_day"),
    /** rebuilt points the last run wrote */
    written: integer("written").notNull().default(0),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.base] })],
);

import type { Account } from "@portfolio/core";
import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Db } from "../client.js";
import { type AccountRow, accounts } from "../schema/accounts.js";
import { type PageKey, toPage } from "./page-cursor.js";

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    provider: row.provider as Account["provider"],
    accountId: row.accountId,
    config: row.config,
    metadata: row.metadata,
    active: row.active,
    insertedAt: row.insertedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Idempotent: registering the same account id twice keeps the first row. */
export async function insertAccount(db: Db, row: typeof accounts.$inferInsert): Promise<void> {
  await db.insert(accounts).values(row).onConflictDoNothing({ target: accounts.id });
}

export async function getAccountRow(db: Db, id: string): Promise<AccountRow | undefined> {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export async function listAccountRows(db: Db, opts: { limit: number; after: PageKey | null }) {
  const after = opts.after;
  const rows = await db
    .select()
    .from(accounts)
    .where(
      after
        ? or(
            gt(accounts.insertedAt, new Date(after.t)),
            and(eq(accounts.insertedAt, new Date(after.t)), gt(accounts.id, after.id)),
          )
        : undefined,
    )
    .orderBy(asc(accounts.insertedAt), asc(accounts.id))
    .limit(opts.limit + 1);
  return toPage(rows, opts.limit, (r) => ({ t: r.insertedAt.getTime(), id: r.id }));
}

/** Every active account id, for portfolio-wide questions. */
export async function listActiveAccountIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.active, true))
    .orderBy(asc(accounts.id));
  return rows.map((r) => r.id);
}

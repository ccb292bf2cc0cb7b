import type { JsonObject } from "@portfolio/core";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { accounts } from "../schema/accounts.js";
import { balances } from "../schema/balances.js";
import { transactions } from "../schema/transactions.js";

/**
 * A deleted account's row keeps its history's foreign keys but belongs to no owner: its owner
 * id gets this prefix, so every owner-scoped read (lookups, lists, portfolios, snapshots,
 * duplicate checks) passes it by. (A `deleted_at` column would say it directly; until a
 * migration adds one, the owner id carries it.)
 */
export const DELETED_OWNER_PREFIX = "deleted:";

/** What the API may change of a listed account; the config is the public one, without secrets. */
export interface AccountRowChange {
  name?: string;
  metadata?: JsonObject;
  config?: JsonObject;
  platformAccountId?: string | null;
  active?: boolean;
}

export async function updateAccountRow(
  db: Db,
  id: string,
  change: AccountRowChange,
  at: Date,
): Promise<void> {
  await db
    .update(accounts)
    .set({ ...change, updatedAt: at })
    .where(eq(accounts.id, id));
}

/**
 * Takes a deleted account's row away from its owner (see {@link DELETED_OWNER_PREFIX}); its
 * transactions and balance history stay, read by nobody. Safe to repeat.
 */
export async function markAccountDeleted(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(accounts)
    .set({
      ownerId: sql`CASE WHEN ${accounts.ownerId} LIKE ${`${DELETED_OWNER_PREFIX}%`} THEN ${accounts.ownerId} ELSE ${DELETED_OWNER_PREFIX} || ${accounts.ownerId} END`,
      active: false,
      updatedAt: at,
    })
    .where(eq(accounts.id, id));
}

/**
 * Removes an account from D1 with its history (transactions, balance history), in one batch:
 * all of it or nothing. The owner's portfolio snapshots stay: they were the portfolio then.
 */
export async function purgeAccount(db: Db, id: string): Promise<void> {
  await db.batch([
    db.delete(transactions).where(eq(transactions.accountId, id)),
    db.delete(balances).where(eq(balances.accountId, id)),
    db.delete(accounts).where(eq(accounts.id, id)),
  ]);
}

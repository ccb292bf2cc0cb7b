import type { Account } from "@portfolio/core";
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { type AccountRow, accounts } from "../schema/accounts.js";
import { type PageKey, toPage } from "./page-cursor.js";

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    provider: row.provider as Account["provider"],
    platformAccountId: row.platformAccountId,
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

export async function getAccountRow(
  db: Db,
  id: string,
  owner?: string,
): Promise<AccountRow | undefined> {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), owner === undefined ? undefined : eq(accounts.ownerId, owner)))
    .get();
}

/** Owners with at least one active account, for the snapshot schedule. */
export async function listOwners(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ owner: accounts.ownerId })
    .from(accounts)
    .where(eq(accounts.active, true));
  return rows.map((r) => r.owner);
}

export async function listAccountRows(
  db: Db,
  opts: { owner: string; limit: number; after: PageKey | null },
) {
  const after = opts.after;
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.ownerId, opts.owner),
        after
          ? or(
              gt(accounts.insertedAt, new Date(after.t)),
              and(eq(accounts.insertedAt, new Date(after.t)), gt(accounts.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(accounts.insertedAt), asc(accounts.id))
    .limit(opts.limit + 1);
  return toPage(rows, opts.limit, (r) => ({ t: r.insertedAt.getTime(), id: r.id }));
}

/** Every active account id of an owner, for portfolio-wide questions. */
export async function listActiveAccountIds(db: Db, owner: string): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.ownerId, owner), eq(accounts.active, true)))
    .orderBy(asc(accounts.id));
  return rows.map((r) => r.id);
}

/** Every active account of an owner with its name, ordered by id, for views across accounts. */
export async function listActiveAccounts(
  db: Db,
  owner: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.ownerId, owner), eq(accounts.active, true)))
    .orderBy(asc(accounts.id));
}

/**
 * Active EVM accounts that track any of `addresses` (lower case), on `chainId` when given: the
 * accounts a chain indexer's webhook about those addresses concerns.
 */
export async function findEvmAccountsTracking(
  db: Db,
  addresses: string[],
  chainId: number | null,
): Promise<string[]> {
  const chain =
    chainId === null ? sql`` : sql` AND json_extract(a.config, '$.chainId') = ${chainId}`;
  const found = new Set<string>();
  // D1 binds at most 100 parameters per statement
  for (let i = 0; i < addresses.length; i += 90) {
    const rows = await db.all<{ id: string }>(
      sql`SELECT DISTINCT a.id AS id FROM ${accounts} AS a, json_each(a.config, '$.addresses') AS t
          WHERE a.provider = 'evm' AND a.active = 1
          AND lower(t.value) IN (${sql.join(
            addresses.slice(i, i + 90).map((x) => sql`${x}`),
            sql`, `,
          )})${chain}`,
    );
    for (const r of rows) found.add(r.id);
  }
  return [...found];
}

/**
 * The owner's account on `provider` with this platform account id (Binance's uid), active or
 * not, other than `except`; deleted accounts are no longer the owner's. Registration refuses a
 * second one.
 */
export async function findAccountByPlatformId(
  db: Db,
  opts: { owner: string; provider: string; platformAccountId: string; except?: string },
): Promise<string | null> {
  const row = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.ownerId, opts.owner),
        eq(accounts.provider, opts.provider),
        eq(accounts.platformAccountId, opts.platformAccountId),
        opts.except === undefined ? undefined : sql`${accounts.id} <> ${opts.except}`,
      ),
    )
    .orderBy(asc(accounts.insertedAt))
    .limit(1)
    .get();
  return row?.id ?? null;
}

/**
 * The owner's EVM accounts on `chainId` that track any of `addresses` (lower case), active or
 * not: a wallet is registered once per owner and chain, so any overlap counts.
 */
export async function findEvmAccountsOverlapping(
  db: Db,
  opts: { owner: string; chainId: number; addresses: string[] },
): Promise<string[]> {
  const found = new Set<string>();
  // D1 binds at most 100 parameters per statement
  for (let i = 0; i < opts.addresses.length; i += 90) {
    const rows = await db.all<{ id: string }>(
      sql`SELECT DISTINCT a.id AS id FROM ${accounts} AS a, json_each(a.config, '$.addresses') AS t
          WHERE a.owner_id = ${opts.owner} AND a.provider = 'evm'
          AND json_extract(a.config, '$.chainId') = ${opts.chainId}
          AND lower(t.value) IN (${sql.join(
            opts.addresses.slice(i, i + 90).map((x) => sql`${x}`),
            sql`, `,
          )})`,
    );
    for (const r of rows) found.add(r.id);
  }
  return [...found].sort();
}

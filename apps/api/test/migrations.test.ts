import { applyD1Migrations, env } from "cloudflare:test";
import { createDb, getAccountRow, listBalanceHistory } from "@portfolio/db";
import { describe, expect, it } from "vitest";

const upTo = (tag: string) => {
  const i = env.TEST_MIGRATIONS.findIndex((m) => m.name.startsWith(tag));
  expect(i).toBeGreaterThan(0);
  return env.TEST_MIGRATIONS.slice(0, i + 1);
};

describe("migration 0009 (one name per meaning)", () => {
  it("keeps the platform's account id and the free amount a D1 held before, under their new names", async () => {
    const db = env.MIGRATION_DB;
    await applyD1Migrations(db, upTo("0008_"));
    await db.batch([
      db.prepare(
        `INSERT INTO accounts (id, owner_id, name, type, provider, account_id, config, metadata, inserted_at, updated_at)
         VALUES ('acct_0000000000000000mig9', 'owner', 'Binance', 'cex', 'binance', '354937868', '{}', '{}', 1, 1)`,
      ),
      db.prepare(
        `INSERT INTO balances (id, account_id, asset, amount, available, locked, synced_at, inserted_at, updated_at)
         VALUES ('bal_mig9', 'acct_0000000000000000mig9', 'BTC', '1.5', '1.25', '0.25', 1000, 1000, 1000)`,
      ),
    ]);

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const orm = createDb(db);
    const account = await getAccountRow(orm, "acct_0000000000000000mig9", "owner");
    expect(account?.platformAccountId).toBe("354937868");
    const history = await listBalanceHistory(orm, {
      accountId: "acct_0000000000000000mig9",
      limit: 10,
    });
    expect(history.rows.map((r) => [r.asset, r.amount, r.free, r.locked])).toEqual([
      ["BTC", "1.5", "1.25", "0.25"],
    ]);
    const columns = async (table: string) =>
      (
        await db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()
      ).results.map((c) => c.name);
    expect(await columns("accounts")).toContain("platform_account_id");
    expect(await columns("accounts")).not.toContain("account_id");
    expect(await columns("balances")).toContain("free");
    expect(await columns("balances")).not.toContain("available");
    // the unique index still holds on (account_id, asset, synced_at)
    await expect(
      db
        .prepare(
          `INSERT INTO balances (id, account_id, asset, amount, free, locked, synced_at, inserted_at, updated_at)
           VALUES ('bal_mig9_twin', 'acct_0000000000000000mig9', 'BTC', '2', '2', '0', 1000, 1000, 1000)`,
        )
        .run(),
    ).rejects.toThrow(/UNIQUE/);
  });
});

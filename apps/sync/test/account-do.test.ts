import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { SimulatedAdapter, SimulatedConfig } from "@portfolio/adapters";
import { Dec, formatAmount, sumBalanceEffects } from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { describe, expect, it } from "vitest";
import type { AccountWiring } from "../src/account/wiring.js";
import type { AccountDO } from "../src/account-do.js";
import { decryptCredentials, importCredentialsKey } from "../src/credentials/credential-cipher.js";
import { AccountStore } from "../src/storage/account-store.js";
import { runSync } from "../src/sync/run-sync.js";
import {
  accountStub,
  countRows,
  HOUR,
  OWNER,
  pauseSchedule,
  rawStub,
  simulatedInput,
  syncWith,
  unwrap,
} from "./helpers.js";

async function platformHistory(config: Record<string, unknown>) {
  const adapter = new SimulatedAdapter(SimulatedConfig.parse(config), () => Date.now());
  const r = await adapter.getTransactions({ cursor: null, limit: 100_000 });
  return unwrap(r).transactions;
}

describe("AccountDO registration and the initial sync", () => {
  it("schedules the initial full sync at registration and runs it from the alarm", async () => {
    const input = simulatedInput(48);
    const stub = accountStub(input.id);
    const registered = unwrap(await stub.register(input));
    expect(registered.sync.state).toBe("pending");
    expect(
      await runInDurableObject(rawStub(input.id), (_i, state) => state.storage.getAlarm()),
    ).not.toBeNull();

    expect(await runDurableObjectAlarm(rawStub(input.id))).toBe(true);

    const history = await platformHistory(input.config);
    expect(history.length).toBeGreaterThan(20);
    expect(await countRows("transactions", input.id)).toBe(history.length);
    const view = unwrap(await stub.balances(OWNER));
    expect(view.stale).toBe(false);
    const implied = sumBalanceEffects(history);
    for (const b of view.balances) {
      expect(b.amount).toBe(formatAmount(implied.get(b.asset) ?? new Dec(0)));
    }
    expect(await countRows("balances", input.id)).toBeGreaterThan(0);
    const status = unwrap(await stub.describe(OWNER)).sync;
    expect(status).toMatchObject({
      state: "idle",
      attempts: 0,
      historyComplete: true,
      lastError: null,
    });
    expect(Date.parse(status.nextRunAt ?? "") - Date.parse(status.lastSuccessAt ?? "")).toBe(
      60_000,
    );
  });

  it("syncs an account whose base its platform cannot price in, keeping its own prices in USD", async () => {
    // the simulated platform prices in USD only: EUR used to end the sync in needs_attention
    const input = simulatedInput(24, { baseCurrency: "EUR" });
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    expect(await runDurableObjectAlarm(rawStub(input.id))).toBe(true);
    expect(unwrap(await stub.describe(OWNER)).sync).toMatchObject({
      state: "idle",
      lastError: null,
    });
    const valuation = unwrap(await stub.valuation(OWNER));
    expect(valuation.priceBase).toBe("USD");
    expect(Object.keys(valuation.prices).length).toBeGreaterThan(0);
  });

  it("lists the account in D1 and answers the same account when registered twice", async () => {
    const input = simulatedInput(1);
    const stub = accountStub(input.id);
    const first = unwrap(await stub.register(input));
    const again = unwrap(await stub.register(input));
    expect(again.id).toBe(first.id);
    const rows = await env.DB.prepare("SELECT id, provider FROM accounts WHERE id = ?")
      .bind(input.id)
      .all();
    expect(rows.results).toEqual([{ id: input.id, provider: "simulated" }]);
    const conflict = await stub.register({ ...input, name: "someone else" });
    expect(conflict).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("answers NOT_FOUND to a caller naming another owner", async () => {
    const input = simulatedInput(1);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    for (const r of [
      await stub.describe("mallory"),
      await stub.balances("mallory"),
      await stub.requestSync("mallory"),
    ]) {
      expect(r).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    }
    expect(
      await stub.reserve("mallory", { asset: "USDT", amount: "1", ttlSeconds: 60 }),
    ).toMatchObject({ ok: false });
  });

  it("rejects an invalid provider config and stores nothing", async () => {
    const input = simulatedInput(1, {}, { stepSeconds: 1 });
    const stub = accountStub(input.id);
    expect(await stub.register(input)).toMatchObject({
      ok: false,
      error: { code: "INVALID_INPUT" },
    });
    expect(await stub.describe(OWNER)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(
      await env.DB.prepare("SELECT id FROM accounts WHERE id = ?").bind(input.id).first(),
    ).toBeNull();
  });

  it("keeps credentials encrypted at rest and never returns them", async () => {
    const secret = "very-secret-api-key-value";
    const input = simulatedInput(1, { credentials: { apiKey: "key-id", apiSecret: secret } });
    const stub = accountStub(input.id);
    const view = unwrap(await stub.register(input));
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(view.hasCredentials).toBe(true);
    const sealed = await runInDurableObject(rawStub(input.id), (_i, state) => {
      const dump = JSON.stringify(state.storage.sql.exec("SELECT * FROM account").toArray());
      expect(dump).not.toContain(secret);
      return AccountStore.of(state.storage).account()?.credentials ?? "";
    });
    const key = await importCredentialsKey(env.CREDENTIALS_KEY);
    expect(await decryptCredentials(key, input.id, sealed)).toEqual({
      apiKey: "key-id",
      apiSecret: secret,
    });
    await expect(decryptCredentials(key, "acct_someotheraccount0", sealed)).rejects.toThrow();
  });
});

describe("AccountDO schedule", () => {
  it("writes nothing twice when the alarm runs again", async () => {
    const input = simulatedInput(24);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    expect(await runDurableObjectAlarm(rawStub(input.id))).toBe(true);
    const after = await countRows("transactions", input.id);
    // a day of hourly steps: the first run stored rows (else "nothing twice" proves nothing)
    expect(after).toBeGreaterThan(0);
    // the alarm comes again (a retry of a delivered alarm, or the next one) over the same history
    await runInDurableObject(rawStub(input.id), (_i, state) => state.storage.setAlarm(Date.now()));
    expect(await runDurableObjectAlarm(rawStub(input.id))).toBe(true);
    expect(unwrap(await stub.describe(OWNER)).sync).toMatchObject({ state: "idle", attempts: 0 });
    expect(await countRows("transactions", input.id)).toBe(after);
  });

  it("backs off with jitter on a retryable failure and stores nothing", async () => {
    const input = simulatedInput(24, {}, { failureRate: 1 });
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    const before = Date.now();
    await runDurableObjectAlarm(rawStub(input.id));
    const status = unwrap(await stub.describe(OWNER)).sync;
    expect(status).toMatchObject({
      state: "backoff",
      attempts: 1,
      lastError: { kind: "unavailable", retryable: true },
    });
    const delay = Date.parse(status.nextRunAt ?? "") - before;
    expect(delay).toBeGreaterThanOrEqual(2_500);
    expect(delay).toBeLessThanOrEqual(5_000 + 1_000);
    expect(await countRows("transactions", input.id)).toBe(0);
    const alarm = await runInDurableObject(rawStub(input.id), (_i, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).toBe(Date.parse(status.nextRunAt ?? ""));
  });

  it("stops the schedule and asks for attention on a non-retryable failure", async () => {
    const input = simulatedInput(24);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await runInDurableObject(rawStub(input.id), (_i, state) =>
      AccountStore.of(state.storage).setCursor("transactions", "garbage", Date.now()),
    );
    await runDurableObjectAlarm(rawStub(input.id));
    const status = unwrap(await stub.describe(OWNER)).sync;
    expect(status).toMatchObject({
      state: "needs_attention",
      nextRunAt: null,
      lastError: { kind: "bad_request", retryable: false },
    });
    expect(
      await runInDurableObject(rawStub(input.id), (_i, state) => state.storage.getAlarm()),
    ).toBeNull();
  });

  it("coalesces on-demand syncs with the one already running", async () => {
    const input = simulatedInput(24);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    const calls = await runInDurableObject(rawStub(input.id), async (instance: AccountDO) => {
      await instance.requestSync(OWNER);
      // the adapter the object holds (see account/adapter-slot.ts), counted from now on
      const wiring = (instance as unknown as { wiring: AccountWiring }).wiring;
      const adapter = wiring.heldAdapter() as SimulatedAdapter;
      let n = 0;
      const original = adapter.getBalances.bind(adapter);
      adapter.getBalances = () => {
        n++;
        return original();
      };
      await Promise.all([
        instance.requestSync(OWNER),
        instance.requestSync(OWNER),
        instance.requestSync(OWNER),
      ]);
      return n;
    });
    expect(calls).toBe(1);
  });
});

describe("runSync", () => {
  it("resumes an interrupted history without duplicates or gaps", async () => {
    const input = simulatedInput(200);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    // the object's own first sync would race the test's
    await pauseSchedule(input.id);
    const history = await platformHistory(input.config);
    await runInDurableObject(rawStub(input.id), async (_i, state) => {
      const store = AccountStore.of(state.storage);
      const real = new SimulatedAdapter(SimulatedConfig.parse(input.config), () => Date.now());
      let pages = 0;
      const cursors: string[] = [];
      const flaky = Object.assign(Object.create(real) as SimulatedAdapter, {
        getTransactions: async (opts: { cursor: string | null; limit: number }) => {
          if (++pages === 3)
            return {
              ok: false as const,
              error: { kind: "unavailable" as const, retryable: true, message: "503" },
            };
          const page = await real.getTransactions(opts);
          if (page.ok) cursors.push(page.value.nextCursor);
          return page;
        },
      });
      const deps = {
        store,
        db: createDb(env.DB),
        accountId: input.id,
        baseCurrency: "USD",
        now: () => Date.now(),
        pageLimit: 10,
      };
      const first = await runSync({ ...deps, adapter: flaky });
      expect(first).toMatchObject({ ok: false, transactionsStored: 20 });
      // the cursor is the one after the second page, the last one stored
      expect(store.cursor("transactions")).toBe(cursors[1]);
      const second = await runSync({ ...deps, adapter: flaky, maxPages: 1000 });
      expect(second).toMatchObject({
        ok: true,
        transactionsStored: history.length - 20,
        historyComplete: true,
      });
    });
    const ids = await env.DB.prepare(
      "SELECT tx_id FROM transactions WHERE account_id = ? ORDER BY timestamp",
    )
      .bind(input.id)
      .all<{ tx_id: string }>();
    expect(ids.results.map((r) => r.tx_id)).toEqual(history.map((t) => t.txId));
  });

  it("picks up only new history on an incremental sync", async () => {
    const input = simulatedInput(30);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await runDurableObjectAlarm(rawStub(input.id));
    const before = await countRows("transactions", input.id);
    const later = Date.now() + 100 * HOUR;
    const adapter = new SimulatedAdapter(SimulatedConfig.parse(input.config), () => later);
    const all = unwrap(
      await adapter.getTransactions({ cursor: null, limit: 100_000 }),
    ).transactions;
    const r = await syncWith(input.id, adapter, { now: () => later });
    expect(r).toMatchObject({ ok: true, pagesRead: 1, transactionsStored: all.length - before });
    expect(all.length).toBeGreaterThan(before);
    expect(await countRows("transactions", input.id)).toBe(all.length);
  });
});

describe("recorded fills", () => {
  const fill = {
    txId: "bot-fill-1",
    txType: "buy" as const,
    asset: "BTC",
    amount: "0.01",
    price: "50000",
    quoteAsset: "USDT",
    quoteAmount: "500",
    fee: "0.5",
    feeAsset: "USDT",
    timestamp: new Date().toISOString(),
    metadata: {},
  };

  it("stores a fill once, moves balances once, and refuses a different fill under the same id", async () => {
    const input = simulatedInput(2);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await runDurableObjectAlarm(rawStub(input.id));
    const usdtBefore =
      unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT")?.free ?? "0";

    const first = unwrap(await stub.recordTransaction(OWNER, fill));
    const second = unwrap(await stub.recordTransaction(OWNER, fill));
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, transaction: first.transaction });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM transactions WHERE tx_id = ?")
        .bind(fill.txId)
        .first("n"),
    ).toBe(1);
    const usdtAfter =
      unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT")?.free ?? "0";
    expect(formatAmount(new Dec(usdtBefore).sub(usdtAfter))).toBe(
      formatAmount(Dec.min(new Dec(usdtBefore), new Dec("500.5"))),
    );

    const conflict = await stub.recordTransaction(OWNER, { ...fill, amount: "0.02" });
    expect(conflict).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });
});

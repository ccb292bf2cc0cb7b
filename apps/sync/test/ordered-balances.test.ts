import { env, runInDurableObject } from "cloudflare:test";
import { SimulatedAdapter, SimulatedConfig } from "@portfolio/adapters";
import { Dec, type FillInput, formatAmount, sumBalanceEffects } from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { describe, expect, it } from "vitest";
import type { AccountDO } from "../src/account-do.js";
import { AccountStore } from "../src/storage/account-store.js";
import { runSync } from "../src/sync/run-sync.js";
import { binanceInput } from "./binance-helpers.js";
import {
  accountStub,
  OWNER,
  pauseSchedule,
  rawStub,
  simulatedInput,
  storedTransactions,
  syncWith,
  unwrap,
  usdtDeposit,
} from "./helpers.js";
import { ScriptedPlatform } from "./scripted-platform.js";

/** A registered account whose own schedule is paused, so only the test's syncs touch it. */
async function quietAccount() {
  const input = simulatedInput(1);
  unwrap(await accountStub(input.id).register(input));
  await pauseSchedule(input.id);
  return { id: input.id, stub: accountStub(input.id) };
}

/** A D1 row's metadata once it holds `field` (the outbox writes it behind the answers). */
async function waitForMetadata(accountId: string, txId: string, field: string) {
  for (let i = 0; i < 50; i++) {
    const row = await env.DB.prepare(
      "SELECT metadata FROM transactions WHERE account_id = ? AND tx_id = ?",
    )
      .bind(accountId, txId)
      .first<{ metadata: string }>();
    const metadata = row ? (JSON.parse(row.metadata) as Record<string, unknown>) : null;
    if (metadata && field in metadata) return metadata;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${txId} never got ${field} in D1`);
}

/** The account's D1 history, once the row `txId` has arrived there. */
async function waitForRows(accountId: string, txId: string) {
  for (let i = 0; i < 50; i++) {
    const rows = await storedTransactions(accountId);
    if (rows.some((r) => r.txId === txId)) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${txId} never reached D1`);
}

/** One sync run by the object's own store, from inside the object. */
function syncInside(instance: AccountDO, accountId: string, platform: ScriptedPlatform) {
  return runSync({
    adapter: platform,
    store: (instance as unknown as { store: AccountStore }).store,
    db: createDb(env.DB),
    accountId,
    baseCurrency: "USD",
    now: () => Date.now(),
  });
}

const FILLED_AT = new Date(Date.now() - 60_000).toISOString();

/** Buys 0.01 BTC at 60,000 for 600 USDT plus a 0.6 USDT fee: USDT −600.6, BTC +0.01. */
function btcBuy(extra: Partial<FillInput> = {}): FillInput {
  return {
    txId: "bot-fill-1",
    txType: "buy",
    asset: "BTC",
    amount: "0.01",
    price: "60000",
    quoteAsset: "USDT",
    quoteAmount: "600",
    fee: "0.6",
    feeAsset: "USDT",
    timestamp: FILLED_AT,
    metadata: { tradeId: "777", orderId: "555" },
    ...extra,
  };
}

/** The platform's own history row of that trade, as its sync reads it. */
function platformRow(metadata: Record<string, string>, asset = "BTC"): FillInput {
  return { ...btcBuy(), txId: `trade:BTCUSDT:${metadata.tradeId ?? "x"}`, asset, metadata };
}

async function totals(stub: ReturnType<typeof accountStub>) {
  const view = unwrap(await stub.balances(OWNER));
  return Object.fromEntries(view.balances.map((b) => [b.asset, b.amount]));
}

async function free(stub: ReturnType<typeof accountStub>) {
  const view = unwrap(await stub.balances(OWNER));
  return {
    version: view.version,
    ...Object.fromEntries(view.balances.map((b) => [b.asset, b.free])),
  } as Record<string, string | number>;
}

describe("ordered truth: a fill stays applied until the platform shows it", () => {
  it("keeps a fill recorded while a sync is reading the platform's balances", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    const start = await free(stub);
    expect(start.USDT).toBe("1000");

    // the sync has the platform's old state in hand when the bot's fill lands
    await runInDurableObject(rawStub(id), async (instance: AccountDO) => {
      platform.duringBalances = async () =>
        unwrap(await instance.recordTransaction(OWNER, btcBuy()));
      await syncInside(instance, id, platform);
    });
    expect(platform.duringBalances).toBeNull();

    const after = await free(stub);
    expect(after).toMatchObject({ USDT: "399.4", BTC: "0.01" });
    expect(Number(after.version)).toBeGreaterThan(Number(start.version));
  });

  it("lets the platform's state take over once its history shows the trade, without counting it twice", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    unwrap(await stub.recordTransaction(OWNER, btcBuy()));
    // a sync that does not show the trade yet leaves the fill applied
    await syncWith(id, platform);
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
    // the platform executed it: history shows trade 777, balances include it
    platform.history.push(platformRow({ tradeId: "777", orderId: "555" }));
    platform.balances = [
      { asset: "USDT", free: "399.4", locked: "0" },
      { asset: "BTC", free: "0.01", locked: "0" },
    ];
    await syncWith(id, platform);
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
  });

  it("recognises a fill reported after a sync already read its trade, and applies it once", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.history.push(platformRow({ tradeId: "778", orderId: "556" }));
    platform.balances = [
      { asset: "USDT", free: "399.4", locked: "0" },
      { asset: "BTC", free: "0.01", locked: "0" },
    ];
    await syncWith(id, platform);
    const before = await free(stub);
    const late = unwrap(
      await stub.recordTransaction(OWNER, btcBuy({ metadata: { tradeId: "778" } })),
    );
    expect(late.created).toBe(true);
    // the platform's balances already hold the trade: nothing moves, nothing is counted twice
    expect(await free(stub)).toEqual(before);
    const row = await waitForMetadata(id, "bot-fill-1", "shownAs");
    expect(row.shownAs).toBe("trade:BTCUSDT:778");
  });

  it("marks the bot's D1 row once a sync shows the same trade, so history counts it once", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    unwrap(await stub.recordTransaction(OWNER, btcBuy()));
    platform.history.push(platformRow({ tradeId: "777", orderId: "555" }));
    await syncWith(id, platform);
    const row = await waitForMetadata(id, "bot-fill-1", "shownAs");
    expect(row.shownAs).toBe("trade:BTCUSDT:777");
  });

  it("recognises the trade by its order id only on the same asset", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    unwrap(await stub.recordTransaction(OWNER, btcBuy({ metadata: { orderId: "555" } })));
    // order 555 of another market is another order: the fill stays applied on top
    platform.history.push(platformRow({ orderId: "555" }, "ETH"));
    await syncWith(id, platform);
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
    platform.history.push(platformRow({ orderId: "555" }));
    platform.balances = [
      { asset: "USDT", free: "399.4", locked: "0" },
      { asset: "BTC", free: "0.01", locked: "0" },
    ];
    await syncWith(id, platform);
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
  });

  it("raises the version with every change and not on a sync that changes nothing", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    const before = Date.now();
    await syncWith(id, platform);
    const first = unwrap(await stub.balances(OWNER));
    expect(Date.parse(first.platformAsOf ?? "")).toBeGreaterThanOrEqual(before);
    await syncWith(id, platform);
    const same = unwrap(await stub.balances(OWNER));
    expect(same.version).toBe(first.version);
    expect(Date.parse(same.platformAsOf ?? "")).toBeGreaterThanOrEqual(
      Date.parse(first.platformAsOf ?? ""),
    );
    unwrap(await stub.recordTransaction(OWNER, btcBuy()));
    expect(unwrap(await stub.balances(OWNER)).version).toBe(first.version + 1);
  });
});

describe("a simulated account keeps recorded fills in its ledger", () => {
  it("still shows a fill after the next syncs, and its history sums to its balances", async () => {
    const input = simulatedInput(3);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    unwrap(await stub.requestSync(OWNER));
    const before = await totals(stub);
    unwrap(await stub.recordTransaction(OWNER, usdtDeposit("manual-top-up", "500")));
    unwrap(await stub.requestSync(OWNER));
    unwrap(await stub.requestSync(OWNER));
    const after = await totals(stub);
    // amount, not free: the simulated platform holds 5% of its cash in an open order
    expect(new Dec(after.USDT as string).sub(before.USDT as string).toFixed()).toBe("500");
    const history = await waitForRows(input.id, "manual-top-up");
    const implied = sumBalanceEffects(history);
    const view = unwrap(await stub.balances(OWNER));
    for (const b of view.balances)
      expect(b.amount).toBe(formatAmount(implied.get(b.asset) ?? new Dec(0)));
    expect(history.filter((t) => t.txId === "manual-top-up")).toHaveLength(1);
  });
});

describe("a fill recorded while a simulated account's sync reads its balances", () => {
  it("counts once: neither the history nor the balances just read hold it, the object adds it", async () => {
    const input = simulatedInput(3);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await pauseSchedule(input.id);
    unwrap(await stub.requestSync(OWNER));
    const before = await totals(stub);
    await runInDurableObject(rawStub(input.id), async (instance: AccountDO) => {
      const real = new SimulatedAdapter(
        SimulatedConfig.parse(input.config),
        () => Date.now(),
        (a, b) => (instance as unknown as { store: AccountStore }).store.fills.booked(a, b),
      );
      // the same adapter (its memory of the history it read), with a fill landing as the sync
      // asks for balances
      const readBalances = real.getBalances.bind(real);
      real.getBalances = async () => {
        unwrap(await instance.recordTransaction(OWNER, usdtDeposit("mid-sync", "77")));
        return readBalances();
      };
      const racing = real;
      await runSync({
        adapter: racing,
        store: (instance as unknown as { store: AccountStore }).store,
        db: createDb(env.DB),
        accountId: input.id,
        baseCurrency: "USD",
        now: () => Date.now(),
      });
    });
    const once = (t: Record<string, string>) =>
      new Dec(t.USDT as string).sub(before.USDT as string).toFixed();
    expect(once(await totals(stub))).toBe("77");
    // the next sync's history shows it, and the platform's balances hold it: still once
    unwrap(await stub.requestSync(OWNER));
    expect(once(await totals(stub))).toBe("77");
  });
});

describe("recorded fills reach D1 behind the answer", () => {
  it("writes the answered row to D1 with the same id, once", async () => {
    const { id, stub } = await quietAccount();
    const answered = unwrap(await stub.recordTransaction(OWNER, btcBuy()));
    expect(answered.created).toBe(true);
    let row: { id: string; source: string } | null = null;
    for (let i = 0; i < 50 && !row; i++) {
      row = await env.DB.prepare(
        "SELECT id, source FROM transactions WHERE account_id = ? AND tx_id = ?",
      )
        .bind(id, "bot-fill-1")
        .first();
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row).toEqual({ id: answered.transaction.id, source: "api" });
    const again = unwrap(await stub.recordTransaction(OWNER, btcBuy()));
    expect(again).toMatchObject({ created: false, transaction: { id: answered.transaction.id } });
    const pending = await runInDurableObject(rawStub(id), (_i, state) =>
      AccountStore.of(state.storage).outbox.pending(),
    );
    expect(pending).toBe(0);
  });
});

describe("an object addressed by an unknown id", () => {
  it("stores nothing when asked about an account it does not hold", async () => {
    const stub = accountStub("acct_unknown0000000000000000");
    expect(await stub.balances(OWNER)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(
      await stub.checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "1",
        price: "1",
      }),
    ).toMatchObject({ ok: false });
    const tables = await runInDurableObject(rawStub("acct_unknown0000000000000000"), (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master").toArray(),
    );
    expect(tables).toEqual([]);
  });
});

describe("what a fill must name on a platform whose ledger is not ours", () => {
  it("refuses a fill on an exchange that names neither its trade nor its order", async () => {
    const input = binanceInput({ owner: `names-${crypto.randomUUID()}` });
    unwrap(await accountStub(input.id).register(input));
    await pauseSchedule(input.id);
    const r = await accountStub(input.id).recordTransaction(input.owner, btcBuy({ metadata: {} }));
    expect(r).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  });
});

describe("matching a platform's trades to fills", () => {
  it("takes a trade id on another market for another trade", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    unwrap(await stub.recordTransaction(OWNER, btcBuy({ metadata: { tradeId: "42" } })));
    // trade 42 of ETHUSDT is not the BTC fill's trade 42
    platform.history.push({ ...platformRow({ tradeId: "42" }, "ETH"), txId: "trade:ETHUSDT:42" });
    await syncWith(id, platform);
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
  });

  it("lets one platform trade show one part of an order, not every part", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "1000", locked: "0" }];
    await syncWith(id, platform);
    const part = { metadata: { orderId: "900" }, amount: "0.005", quoteAmount: "300", fee: "0.3" };
    unwrap(await stub.recordTransaction(OWNER, btcBuy({ ...part, txId: "part-1" })));
    unwrap(await stub.recordTransaction(OWNER, btcBuy({ ...part, txId: "part-2" })));
    // the platform executed and shows the first part only
    platform.history.push({ ...platformRow({ orderId: "900" }), txId: "trade:BTCUSDT:1" });
    platform.balances = [
      { asset: "USDT", free: "699.7", locked: "0" },
      { asset: "BTC", free: "0.005", locked: "0" },
    ];
    await syncWith(id, platform);
    // part 2 is still on top: 699.7 − 300.3 and 0.005 + 0.005
    expect(await free(stub)).toMatchObject({ USDT: "399.4", BTC: "0.01" });
  });

  it("raises the version when a late fill shrinks a hold though it moves no balance", async () => {
    const { id, stub } = await quietAccount();
    const platform = new ScriptedPlatform();
    platform.history.push(platformRow({ tradeId: "779" }));
    platform.balances = [{ asset: "USDT", free: "5000", locked: "0" }];
    await syncWith(id, platform);
    const hold = unwrap(
      await stub.reserve(OWNER, { asset: "USDT", amount: "700", ttlSeconds: 60 }),
    ).reservation;
    const before = unwrap(await stub.balances(OWNER)).version;
    unwrap(
      await stub.recordTransaction(
        OWNER,
        btcBuy({ metadata: { tradeId: "779", reservationId: hold.id } }),
      ),
    );
    const after = unwrap(await stub.balances(OWNER));
    expect(after.balances.find((b) => b.asset === "USDT")).toMatchObject({
      free: "5000",
      reserved: "99.4",
    });
    expect(after.version).toBe(before + 1);
  });
});

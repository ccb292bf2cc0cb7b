import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { Dec, type JsonObject, summarizePortfolio } from "@portfolio/core";
import { createDb, listActiveAccountIds } from "@portfolio/db";
import type { Fixture } from "@portfolio/evm-chain/types";
import { describe, expect, it } from "vitest";
import { decryptCredentials, importCredentialsKey } from "../src/credentials/credential-cipher.js";
import { OUTBOX_JOB } from "../src/outbox/drain-outbox.js";
import type { RegisterInput } from "../src/rpc-types.js";
import { SYNC_JOB } from "../src/schedule/sync-job.js";
import { AccountStore } from "../src/storage/account-store.js";
import { STREAM_OWNER_HEADER } from "../src/stream/stream-request.js";
import {
  accountStub,
  countRows,
  HOUR,
  pauseSchedule,
  rawStub,
  registerInput,
  settledAlarm,
  simulatedInput,
  unwrap,
} from "./helpers.js";

const fx = JSON.parse(env.EVM_FIXTURE) as Fixture;
const KEYS = JSON.parse(env.MANAGE_BINANCE_KEYS) as Record<
  "first" | "second" | "other",
  { key: string; secret: string }
>;

/** Every test its own owner: what one registers never stands in another's way. */
const newOwner = () => `manage-${crypto.randomUUID().slice(0, 12)}`;

const credentialsOf = (key: keyof typeof KEYS) => ({
  apiKey: KEYS[key].key,
  apiSecret: KEYS[key].secret,
});

/** An account on the management tests' own local Binance, signed with one of its keys. */
function binanceInput(owner: string, key: keyof typeof KEYS = "first"): RegisterInput {
  return registerInput(
    {
      name: "managed binance",
      provider: "binance",
      type: "cex",
      config: {
        baseUrl: env.MANAGE_BINANCE_URL,
        futuresBaseUrl: env.MANAGE_BINANCE_URL,
        wsApiUrl: `${env.MANAGE_BINANCE_URL.replace("http", "ws")}/ws-api/v3`,
        historyStart: env.MANAGE_BINANCE_START,
        weightLimits: { api: 60_000, sapiIp: 1_000_000, sapiUid: 10_000_000 },
      },
      credentials: credentialsOf(key),
    },
    { owner },
  );
}

const randomAddress = () =>
  `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

/** An EVM account on the local chain tracking `addresses` (nobody else's: they are random). */
function evmInput(owner: string, addresses: string[]): RegisterInput {
  return registerInput(
    {
      name: "managed wallet",
      provider: "evm",
      type: "dex",
      config: { chainId: 31337, addresses, multicall3: fx.multicall3, confirmations: 0 },
      credentials: { rpcUrl: fx.rpcUrl },
    },
    { owner },
  );
}

function manualInput(owner: string, config: JsonObject = { currency: "USD" }) {
  return registerInput(
    { name: "hand-kept ledger", provider: "manual", type: "cex", config, credentials: null },
    { owner },
  );
}

async function registered(input: RegisterInput) {
  unwrap(await accountStub(input.id).register(input));
  return input;
}

/** A simulated account of its own owner, synced once, its schedule stopped. */
async function syncedSimulated(hours = 3) {
  const input = await registered(simulatedInput(hours, { owner: newOwner() }));
  unwrap(await accountStub(input.id).requestSync(input.owner));
  await pauseSchedule(input.id);
  // the sync's own events are sent: no drain is left running for a test to race
  await settledAlarm(input.id);
  return input;
}

/** The object's stored account row. */
function storedAccount(id: string) {
  return runInDurableObject(rawStub(id), (_i, state) =>
    state.storage.sql.exec("SELECT * FROM account").toArray(),
  );
}

function listedAccount(id: string) {
  return env.DB.prepare("SELECT * FROM accounts WHERE id = ?")
    .bind(id)
    .first<Record<string, string | number | null>>();
}

function storedJob(id: string) {
  return runInDurableObject(rawStub(id), (_i, state) =>
    AccountStore.of(state.storage).job(SYNC_JOB),
  );
}

const fill = (txId: string, extra: Record<string, unknown> = {}) => ({
  txId,
  txType: "deposit",
  asset: "USDT",
  amount: "250",
  timestamp: new Date().toISOString(),
  ...extra,
});

const freeOf = async (id: string, owner: string, asset: string) =>
  unwrap(await accountStub(id).balances(owner)).balances.find((b) => b.asset === asset)?.free ??
  "0";

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

/** Keeps what the account owes D1 in its outbox: the outbox seems backed off for an hour. */
function holdOutbox(id: string) {
  return runInDurableObject(rawStub(id), (_i, state) => {
    AccountStore.of(state.storage).saveJob({
      name: OUTBOX_JOB,
      nextRunAt: Date.now() + HOUR,
      attempts: 1,
      lastRunAt: null,
      lastSuccessAt: null,
      lastErrorAt: null,
      lastError: null,
      state: "backoff",
    });
  });
}

describe("changing an account", () => {
  it("renames it and replaces its metadata, in its object and in D1", async () => {
    const input = await syncedSimulated();
    const view = unwrap(
      await accountStub(input.id).update(input.owner, {
        name: "Renamed",
        metadata: { desk: "macro" },
      }),
    );
    expect(view).toMatchObject({ name: "Renamed", metadata: { desk: "macro" } });
    const [stored] = await storedAccount(input.id);
    expect(stored).toMatchObject({ name: "Renamed", metadata: '{"desk":"macro"}' });
    expect(await listedAccount(input.id)).toMatchObject({
      name: "Renamed",
      metadata: '{"desk":"macro"}',
    });
  });

  it("applies a config field that may change, and the next sync reads with it", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    unwrap(await stub.update(input.owner, { config: { failureRate: 1 } }));
    const [stored] = await storedAccount(input.id);
    expect(JSON.parse(String(stored?.config))).toMatchObject({ failureRate: 1, seed: "sync-test" });
    // the adapter built before the change is gone: every call of the new one fails
    const failed = unwrap(await stub.requestSync(input.owner));
    expect(failed.sync.lastError).toMatchObject({ message: "simulated platform outage (503)" });
    unwrap(await stub.update(input.owner, { config: { failureRate: 0 } }));
    const recovered = unwrap(await stub.requestSync(input.owner));
    expect(recovered.sync).toMatchObject({ attempts: 0, lastSuccessAt: expect.any(String) });
    expect(Date.parse(recovered.sync.lastSuccessAt ?? "")).toBeGreaterThan(
      Date.parse(failed.sync.lastRunAt ?? ""),
    );
  });

  it("refuses to change what says which account it is, and says to register a new one", async () => {
    const input = await syncedSimulated();
    const before = await storedAccount(input.id);
    const r = await accountStub(input.id).update(input.owner, {
      config: { seed: "another", failureRate: 0.5 },
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: "INVALID_INPUT",
        message: expect.stringMatching(/seed cannot change.*Register a new account/),
        details: { reason: "IMMUTABLE_CONFIG", fields: ["seed"] },
      },
    });
    expect(await storedAccount(input.id)).toEqual(before);
  });

  it("moves a caught-up schedule's next run to one new interval after the last sync", async () => {
    const input = await registered(simulatedInput(3, { owner: newOwner() }));
    unwrap(await accountStub(input.id).requestSync(input.owner));
    const job = await storedJob(input.id);
    unwrap(await accountStub(input.id).update(input.owner, { syncIntervalSeconds: 3600 }));
    const [stored] = await storedAccount(input.id);
    expect(stored?.sync_interval_ms).toBe(3_600_000);
    expect((await storedJob(input.id))?.nextRunAt).toBe((job?.lastSuccessAt ?? 0) + 3_600_000);
  });

  it("rotates Binance credentials: checked, sealed under the current key, and signing the next sync", async () => {
    const input = await registered(binanceInput(newOwner()));
    const stub = accountStub(input.id);
    unwrap(await stub.requestSync(input.owner));
    unwrap(await stub.update(input.owner, { credentials: credentialsOf("second") }));
    const [stored] = await storedAccount(input.id);
    const key = await importCredentialsKey(env.CREDENTIALS_KEY);
    expect(String(stored?.credentials)).toMatch(new RegExp(`^v2\\.${key.current}\\.`));
    expect(await decryptCredentials(key, input.id, String(stored?.credentials))).toEqual(
      credentialsOf("second"),
    );
    // the user data stream reopened with the new key and synced what it may have missed: that
    // sync is over once this one (joining it) is
    unwrap(await stub.requestSync(input.owner));
    // requests signed with the new key fail: the next sync meets it, so it uses the new key
    await fetch(`${env.MANAGE_BINANCE_URL}/__admin/faults`, {
      method: "POST",
      body: JSON.stringify({ fail5xx: 1000, onlyKey: KEYS.second.key }),
    });
    const served = async () =>
      (
        (await (await fetch(`${env.MANAGE_BINANCE_URL}/__admin/faults`)).json()) as {
          served: { fail5xx: number };
        }
      ).served.fail5xx;
    const before = await served();
    try {
      const view = unwrap(await stub.requestSync(input.owner));
      expect(view.sync).toMatchObject({ state: "backoff", lastError: { kind: "unavailable" } });
      // the 503s went to the new key alone: the sync signed with it
      expect((await served()) - before).toBeGreaterThan(0);
    } finally {
      await fetch(`${env.MANAGE_BINANCE_URL}/__admin/faults`, {
        method: "POST",
        body: JSON.stringify({ fail5xx: 0, onlyKey: null }),
      });
    }
  });

  it("refuses credentials of another Binance account, keeping the stored ones", async () => {
    const input = await registered(binanceInput(newOwner()));
    const before = await storedAccount(input.id);
    const r = await accountStub(input.id).update(input.owner, {
      credentials: credentialsOf("other"),
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: "INVALID_INPUT",
        message: expect.stringMatching(/uid 111222333, not the Binance account uid 354937868/),
        details: { reason: "ANOTHER_PLATFORM_ACCOUNT" },
      },
    });
    const after = await storedAccount(input.id);
    expect(after[0]?.credentials).toBe(before[0]?.credentials);
  });

  it("refuses credentials the platform rejects", async () => {
    const input = await registered(binanceInput(newOwner()));
    const r = await accountStub(input.id).update(input.owner, {
      credentials: { apiKey: KEYS.first.key, apiSecret: "wrongSecret00000000000000000000" },
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: "INVALID_INPUT", message: expect.stringMatching(/refused these credentials/) },
    });
  });

  it("moves an EVM account to another node through its credentials, showing only the new host", async () => {
    const input = await registered(evmInput(newOwner(), [randomAddress()]));
    const view = unwrap(
      await accountStub(input.id).update(input.owner, {
        credentials: { rpcUrl: env.EVM_RANGE_LIMITED_RPC },
        config: { confirmations: 2 },
      }),
    );
    expect(view.config).toMatchObject({ rpcHost: env.EVM_RANGE_LIMITED_RPC, confirmations: 2 });
    const listed = JSON.parse(String((await listedAccount(input.id))?.config));
    expect(listed).toMatchObject({ rpcHost: env.EVM_RANGE_LIMITED_RPC, confirmations: 2 });
    expect(listed).not.toHaveProperty("rpcUrl");
    const refused = await accountStub(input.id).update(input.owner, { config: { chainId: 1 } });
    expect(refused).toMatchObject({ ok: false, error: { details: { fields: ["chainId"] } } });
  });
});

describe("deactivating and activating", () => {
  it("stops the schedule and takes the account out of the owner's portfolio", async () => {
    const input = await syncedSimulated();
    const view = unwrap(await accountStub(input.id).deactivate(input.owner));
    expect(view).toMatchObject({ active: false, sync: { nextRunAt: null } });
    const [stored] = await storedAccount(input.id);
    expect(stored?.active).toBe(0);
    expect((await storedJob(input.id))?.nextRunAt).toBeNull();
    expect((await listedAccount(input.id))?.active).toBe(0);
    expect(await listActiveAccountIds(createDb(env.DB), input.owner)).toEqual([]);
    const alarm = await runInDurableObject(rawStub(input.id), (_i, s) => s.storage.getAlarm());
    expect(alarm).toBeNull();
  });

  it("keeps its balances readable, marked inactive, and refuses trade checks, holds and syncs", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    const before = unwrap(await stub.balances(input.owner));
    unwrap(await stub.deactivate(input.owner));
    const after = unwrap(await stub.balances(input.owner));
    expect(after).toMatchObject({ active: false, balances: before.balances });
    const refused = {
      ok: false,
      error: { code: "CONFLICT", details: { reason: "ACCOUNT_INACTIVE", accountId: input.id } },
    };
    const trade = { side: "buy", base: "BTC", quote: "USDT", quantity: "0.001", price: "1" };
    expect(await stub.checkTrade(input.owner, trade as never)).toMatchObject(refused);
    expect(
      await stub.reserve(input.owner, { asset: "USDT", amount: "1", ttlSeconds: 60 }),
    ).toMatchObject(refused);
    expect(await stub.requestSync(input.owner)).toMatchObject(refused);
  });

  it("releases the holds it had when deactivated", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    unwrap(await stub.reserve(input.owner, { asset: "USDT", amount: "10", ttlSeconds: 600 }));
    unwrap(await stub.deactivate(input.owner));
    const held = await runInDurableObject(rawStub(input.id), (_i, state) =>
      state.storage.sql.exec("SELECT count(*) AS n FROM reservations").one(),
    );
    expect(held.n).toBe(0);
    expect(unwrap(await stub.listReservations(input.owner))).toEqual([]);
  });

  it("still records and voids fills while inactive: they tell what happened", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    unwrap(await stub.deactivate(input.owner));
    const before = await freeOf(input.id, input.owner, "USDT");
    unwrap(await stub.recordTransaction(input.owner, fill("late-report")));
    expect(await freeOf(input.id, input.owner, "USDT")).toBe(new Dec(before).add(250).toFixed());
    unwrap(await stub.voidTransaction(input.owner, "late-report"));
    expect(await freeOf(input.id, input.owner, "USDT")).toBe(before);
  });

  it("schedules a sync now when activated, and the alarm runs it", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    unwrap(await stub.deactivate(input.owner));
    const ranBefore = (await storedJob(input.id))?.lastRunAt ?? 0;
    const at = Date.now();
    const view = unwrap(await stub.activate(input.owner));
    expect(view.active).toBe(true);
    const job = await storedJob(input.id);
    expect(job).toMatchObject({ state: "scheduled", attempts: 0 });
    expect(job?.nextRunAt).toBeGreaterThanOrEqual(at);
    expect(job?.nextRunAt).toBeLessThanOrEqual(Date.now());
    expect((await listedAccount(input.id))?.active).toBe(1);
    // the alarm is due now: it runs the sync (on its own, or when the test runs it first)
    await runDurableObjectAlarm(rawStub(input.id));
    const ran = await eventually(
      () => storedJob(input.id),
      (j) => (j?.lastRunAt ?? 0) > ranBefore,
    );
    expect(ran?.lastSuccessAt).toBe(ran?.lastRunAt);
  });

  it("stays unscheduled when deactivated while a sync is running", async () => {
    const input = await registered(simulatedInput(24 * 30, { owner: newOwner() }));
    await pauseSchedule(input.id);
    const stub = accountStub(input.id);
    const running = stub.requestSync(input.owner);
    unwrap(await stub.deactivate(input.owner));
    await running;
    expect((await storedJob(input.id))?.nextRunAt).toBeNull();
  });
});

describe("deleting an account", () => {
  it("deletes the object's storage, its sealed credentials and its alarm, and takes the D1 row from its owner", async () => {
    const input = await registered(
      simulatedInput(3, { owner: newOwner(), credentials: { apiKey: "k", apiSecret: "secret-1" } }),
    );
    const stub = accountStub(input.id);
    unwrap(await stub.requestSync(input.owner));
    expect(unwrap(await stub.remove(input.owner, { purge: false }))).toEqual({ deleted: true });
    const left = await runInDurableObject(rawStub(input.id), async (_i, state) => ({
      tables: state.storage.sql
        .exec(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'",
        )
        .toArray(),
      alarm: await state.storage.getAlarm(),
      registered: AccountStore.of(state.storage).registered,
    }));
    expect(left).toEqual({ tables: [], alarm: null, registered: false });
    expect(await listedAccount(input.id)).toMatchObject({
      owner_id: `deleted:${input.owner}`,
      active: 0,
    });
    // its history stays in D1, read by nobody
    expect(await countRows("transactions", input.id)).toBeGreaterThan(0);
    expect(await stub.describe(input.owner)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await stub.balances(input.owner)).toMatchObject({ ok: false });
  });

  it("writes what it owes D1 before its storage goes", async () => {
    const input = await syncedSimulated();
    await holdOutbox(input.id);
    unwrap(await accountStub(input.id).recordTransaction(input.owner, fill("owed-to-d1")));
    const owed = () =>
      env.DB.prepare("SELECT count(*) AS n FROM transactions WHERE account_id = ? AND tx_id = ?")
        .bind(input.id, "owed-to-d1")
        .first<{ n: number }>();
    expect((await owed())?.n).toBe(0);
    unwrap(await accountStub(input.id).remove(input.owner, { purge: false }));
    expect((await owed())?.n).toBe(1);
  });

  it("with purge, removes its transactions and balance history from D1 and keeps the owner's snapshots", async () => {
    const input = await syncedSimulated();
    await holdOutbox(input.id);
    unwrap(await accountStub(input.id).recordTransaction(input.owner, fill("never-sent")));
    await env.DB.prepare(
      "INSERT INTO portfolio_snapshots (id, owner_id, timestamp, value, base_currency, asset_breakdown, prices, unavailable_accounts, inserted_at, updated_at) VALUES (?, ?, ?, '1', 'USD', '[]', '{}', '[]', ?, ?)",
    )
      .bind(`snap_${input.id}`, input.owner, Date.now(), Date.now(), Date.now())
      .run();
    expect(await countRows("transactions", input.id)).toBeGreaterThan(0);
    expect(await countRows("balances", input.id)).toBeGreaterThan(0);
    unwrap(await accountStub(input.id).remove(input.owner, { purge: true }));
    expect(await countRows("transactions", input.id)).toBe(0);
    expect(await countRows("balances", input.id)).toBe(0);
    expect(await listedAccount(input.id)).toBeNull();
    const snapshots = await env.DB.prepare(
      "SELECT count(*) AS n FROM portfolio_snapshots WHERE owner_id = ?",
    )
      .bind(input.owner)
      .first<{ n: number }>();
    expect(snapshots?.n).toBe(1);
  });

  it("lets the same platform account be registered again, under a new id", async () => {
    const owner = newOwner();
    const address = randomAddress();
    const first = await registered(evmInput(owner, [address]));
    unwrap(await accountStub(first.id).remove(owner, { purge: false }));
    const again = evmInput(owner, [address]);
    expect(again.id).not.toBe(first.id);
    expect(unwrap(await accountStub(again.id).register(again)).id).toBe(again.id);
  });
});

describe("voiding a recorded fill", () => {
  it("reverses its balance effect and keeps it marked void, in the object and in D1", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    const before = unwrap(await stub.balances(input.owner));
    const recorded = unwrap(await stub.recordTransaction(input.owner, fill("to-void")));
    const r = unwrap(await stub.voidTransaction(input.owner, "to-void"));
    expect(r.voided).toBe(true);
    expect(r.transaction).toMatchObject({
      id: recorded.transaction.id,
      txId: "to-void",
      metadata: { void: true },
    });
    const after = unwrap(await stub.balances(input.owner));
    expect(after.balances).toEqual(before.balances);
    expect(after.version).toBe(before.version + 2);
    const stored = await runInDurableObject(rawStub(input.id), (_i, state) =>
      state.storage.sql.exec("SELECT state, voided_at FROM fills WHERE tx_id = 'to-void'").one(),
    );
    expect(stored.state).toBe("void");
    expect(stored.voided_at).toEqual(expect.any(Number));
    const row = await eventually(
      () =>
        env.DB.prepare("SELECT metadata FROM transactions WHERE account_id = ? AND tx_id = ?")
          .bind(input.id, "to-void")
          .first<{ metadata: string }>(),
      (x) => x !== null && JSON.parse(x.metadata).void === true,
    );
    expect(JSON.parse(row?.metadata ?? "{}")).toEqual({ void: true });
  });

  it("queues the void for D1 with the row it voided", async () => {
    const input = await syncedSimulated();
    await holdOutbox(input.id);
    const stub = accountStub(input.id);
    unwrap(await stub.recordTransaction(input.owner, fill("queued-void")));
    const r = unwrap(await stub.voidTransaction(input.owner, "queued-void"));
    const queued = await runInDurableObject(rawStub(input.id), (_i, state) =>
      AccountStore.of(state.storage).outbox.oldest(10),
    );
    expect(queued.map((e) => e.kind)).toEqual(["transaction", "void"]);
    expect(queued[1]?.payload).toEqual({
      txId: "queued-void",
      at: expect.any(Number),
      transaction: r.transaction,
    });
  });

  it("answers the voided row again when voided twice, changing nothing", async () => {
    const input = await syncedSimulated();
    const stub = accountStub(input.id);
    unwrap(await stub.recordTransaction(input.owner, fill("twice")));
    const first = unwrap(await stub.voidTransaction(input.owner, "twice"));
    const version = unwrap(await stub.balances(input.owner)).version;
    const second = unwrap(await stub.voidTransaction(input.owner, "twice"));
    expect(second).toEqual({ voided: false, transaction: first.transaction });
    expect(unwrap(await stub.balances(input.owner)).version).toBe(version);
  });

  it("refuses a row the platform's history holds (409) and does not know an unknown txId (404)", async () => {
    const input = await syncedSimulated();
    const synced = await env.DB.prepare(
      "SELECT tx_id FROM transactions WHERE account_id = ? AND source = 'sync' LIMIT 1",
    )
      .bind(input.id)
      .first<{ tx_id: string }>();
    expect(synced).not.toBeNull();
    expect(
      await accountStub(input.id).voidTransaction(input.owner, String(synced?.tx_id)),
    ).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { reason: "NOT_A_RECORDED_FILL" } },
    });
    expect(await accountStub(input.id).voidTransaction(input.owner, "nobody-knows")).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
  });

  it("refuses a fill an exchange already shows: the trade happened there", async () => {
    const input = await registered(binanceInput(newOwner()));
    await pauseSchedule(input.id);
    unwrap(
      await accountStub(input.id).recordTransaction(
        input.owner,
        fill("shown", { metadata: { tradeId: "9001" } }),
      ),
    );
    await runInDurableObject(rawStub(input.id), (_i, state) => {
      state.storage.sql.exec("UPDATE fills SET state = 'seen' WHERE tx_id = 'shown'");
    });
    expect(await accountStub(input.id).voidTransaction(input.owner, "shown")).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { reason: "SHOWN_BY_PLATFORM" } },
    });
  });

  it("tells the bots on its stream fill.voided, then the balances it left", async () => {
    const input = await syncedSimulated();
    unwrap(await accountStub(input.id).recordTransaction(input.owner, fill("streamed")));
    const res = await rawStub(input.id).fetch("https://account.internal/stream", {
      headers: { upgrade: "websocket", [STREAM_OWNER_HEADER]: input.owner },
    });
    const ws = res.webSocket as WebSocket;
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON messages, asserted field by field
    const messages: any[] = [];
    ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data))));
    ws.accept();
    const voided = unwrap(await accountStub(input.id).voidTransaction(input.owner, "streamed"));
    const seen = await eventually(
      async () => messages.filter((m) => m.type !== "hello"),
      (m) => m.length >= 2,
    );
    expect(seen.map((m) => m.type)).toEqual(["fill.voided", "balances.changed"]);
    expect(seen[0].transaction).toEqual(voided.transaction);
    ws.close(1000);
  });
});

describe("one registration per platform account", () => {
  it("refuses the same Binance uid registered again by its owner, naming the account that has it", async () => {
    const owner = newOwner();
    const first = await registered(binanceInput(owner));
    expect((await listedAccount(first.id))?.platform_account_id).toBe("354937868");
    const again = binanceInput(owner, "second");
    expect(await accountStub(again.id).register(again)).toMatchObject({
      ok: false,
      error: {
        code: "CONFLICT",
        message: expect.stringContaining(first.id),
        details: { reason: "ALREADY_REGISTERED", accountId: first.id, identity: "354937868" },
      },
    });
    expect(await listedAccount(again.id)).toBeNull();
    expect(
      await runInDurableObject(rawStub(again.id), (_i, s) => AccountStore.of(s.storage).registered),
    ).toBe(false);
  });

  it("lets another owner register the same Binance account", async () => {
    await registered(binanceInput(newOwner()));
    const other = binanceInput(newOwner());
    expect(unwrap(await accountStub(other.id).register(other)).platformAccountId).toBe("354937868");
  });

  it("refuses an EVM wallet sharing any address on the same chain, whatever the letters' case", async () => {
    const owner = newOwner();
    const [a, b, c] = [randomAddress(), randomAddress(), randomAddress()];
    const first = await registered(evmInput(owner, [a, b.toUpperCase().replace("0X", "0x")]));
    const overlapping = evmInput(owner, [c, b]);
    expect(await accountStub(overlapping.id).register(overlapping)).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { reason: "ALREADY_REGISTERED", accountId: first.id } },
    });
    const apart = evmInput(owner, [c]);
    expect(unwrap(await accountStub(apart.id).register(apart)).id).toBe(apart.id);
  });

  it("names an EVM account by its chain and its sorted, lower-case addresses", async () => {
    const [a, b] = [randomAddress(), randomAddress()].sort().reverse();
    const input = await registered(
      evmInput(newOwner(), [a as string, (b as string).toUpperCase().replace("0X", "0x")]),
    );
    const id = `evm:31337:${[a, b]
      .map((x) => x?.toLowerCase())
      .sort()
      .join(",")}`;
    expect((await listedAccount(input.id))?.platform_account_id).toBe(id);
    expect(unwrap(await accountStub(input.id).describe(input.owner)).platformAccountId).toBe(id);
  });

  it("gives manual and simulated accounts no identity: each registration is an account of its own", async () => {
    const owner = newOwner();
    for (const input of [
      manualInput(owner),
      manualInput(owner),
      simulatedInput(1, { owner }),
      simulatedInput(1, { owner }),
    ])
      expect(unwrap(await accountStub(input.id).register(input)).platformAccountId).toBeNull();
  });
});

describe("a manual account", () => {
  async function ledger() {
    const input = await registered(manualInput(newOwner()));
    await pauseSchedule(input.id);
    const stub = accountStub(input.id);
    const at = new Date(Date.now() - HOUR).toISOString();
    for (const f of [
      { txId: "open-usd", txType: "deposit", asset: "USD", amount: "10000", timestamp: at },
      { txId: "open-btc", txType: "deposit", asset: "BTC", amount: "0.5", timestamp: at },
      {
        txId: "buy-1",
        txType: "buy",
        asset: "BTC",
        amount: "0.1",
        price: "60000",
        quoteAsset: "USD",
        quoteAmount: "6000",
        fee: "6",
        feeAsset: "USD",
        timestamp: at,
      },
    ])
      unwrap(await stub.recordTransaction(input.owner, f));
    // a fill is booked in the millisecond it is recorded: the sync reads what is booked before now
    await new Promise((r) => setTimeout(r, 5));
    unwrap(await stub.requestSync(input.owner));
    return input;
  }

  it("has the balances its recorded deposits and trades add up to, after a sync", async () => {
    const input = await ledger();
    const view = unwrap(await accountStub(input.id).balances(input.owner));
    expect(view.balances.map((b) => [b.asset, b.amount])).toEqual([
      ["BTC", "0.6"],
      ["USD", "3994"],
    ]);
    expect(view.platformAsOf).not.toBeNull();
    // the platform's history showed every fill, and D1 holds each row once
    const states = await runInDurableObject(rawStub(input.id), (_i, state) =>
      state.storage.sql.exec("SELECT DISTINCT state FROM fills").toArray(),
    );
    expect(states).toEqual([{ state: "seen" }]);
    expect(await countRows("transactions", input.id)).toBe(3);
  });

  it("checks a trade against those balances", async () => {
    const input = await ledger();
    const stub = accountStub(input.id);
    const base = {
      side: "buy",
      base: "BTC",
      quote: "USD",
      quantity: "0.05",
      price: "60000",
    } as const;
    expect(unwrap(await stub.checkTrade(input.owner, base))).toMatchObject({
      ok: true,
      spends: { asset: "USD", amount: "3000" },
      available: { asset: "USD", amount: "3994" },
      rulesChecked: "not_applicable",
    });
    expect(unwrap(await stub.checkTrade(input.owner, { ...base, quantity: "0.1" }))).toMatchObject({
      ok: false,
      violations: [{ code: "INSUFFICIENT_FUNDS" }],
    });
  });

  it("reverses a voided fill, now and after the next sync", async () => {
    const input = await ledger();
    const stub = accountStub(input.id);
    unwrap(await stub.voidTransaction(input.owner, "buy-1"));
    const amounts = async () =>
      unwrap(await stub.balances(input.owner)).balances.map((b) => [b.asset, b.amount]);
    const expected = [
      ["BTC", "0.5"],
      ["USD", "10000"],
    ];
    expect(await amounts()).toEqual(expected);
    unwrap(await stub.requestSync(input.owner));
    expect(await amounts()).toEqual(expected);
  });

  it("lists its assets unpriced, never valued at zero", async () => {
    const input = await ledger();
    const valuation = unwrap(await accountStub(input.id).valuation(input.owner));
    expect(valuation.prices).toEqual({});
    const summary = summarizePortfolio([valuation], "USD", new Date());
    expect(summary.unpriced).toEqual(["BTC"]);
    expect(summary.assets.find((a) => a.asset === "BTC")).toMatchObject({ value: null });
  });
});

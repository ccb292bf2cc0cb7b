import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { BinanceAdapter, BinanceConfig } from "@portfolio/adapters";
import {
  computeLots,
  Dec,
  formatAmount,
  isFiat,
  sumBalanceEffects,
  TaxMethod,
  TaxSettings,
} from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccountWiring } from "../src/account/wiring.js";
import type { TradeCheckInput } from "../src/rpc-types.js";
import { rebuildOwnerHistory } from "../src/snapshots/rebuild-history.js";
import { AccountStore } from "../src/storage/account-store.js";
import { runSync } from "../src/sync/run-sync.js";
import {
  binanceConfig,
  binanceInput,
  type FakeSummary,
  fakeAdmin,
  servedFaults,
} from "./binance-helpers.js";
import {
  accountStub,
  ledgerRows,
  OWNER,
  pauseSchedule,
  rawStub,
  retireAccounts,
  settledAlarm,
  storedTransactions,
  syncWith,
  unwrap,
} from "./helpers.js";

const DAY = 86_400_000;

// every test registers the local Binance's one account anew: the last test's gives it up
afterEach(retireAccounts);

async function syncToCompletion(id: string, maxRuns = 30) {
  const stub = accountStub(id);
  for (let i = 0; i < maxRuns; i++) {
    const view = unwrap(await stub.requestSync(OWNER));
    if (view.sync.state === "backoff" || view.sync.state === "needs_attention") return view;
    if (view.sync.historyComplete) return view;
  }
  throw new Error("history did not complete");
}

/**
 * The check of `trade` once the pair's rules, fetched behind an earlier answer, are stored (or
 * known not to exist); fails if they never arrive.
 */
async function checkOnceRulesArrive(id: string, trade: TradeCheckInput) {
  for (let i = 0; i < 50; i++) {
    const r = unwrap(await accountStub(id).checkTrade(OWNER, trade));
    if (r.rulesChecked !== "unavailable") return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`the rules of ${trade.base}/${trade.quote} never arrived`);
}

/** The Binance client of the adapter an account object holds (see account/adapter-slot.ts). */
function heldClient(instance: unknown): { requests: number } | undefined {
  const adapter = (instance as { wiring: AccountWiring }).wiring.heldAdapter();
  return (adapter as { client?: { requests: number } } | null)?.client;
}

beforeEach(async () => {
  await fakeAdmin("faults", { fail5xx: 0, malformed: 0, slowMs: 0, clockSkewMs: 0, onlyKey: null });
  await fakeAdmin("unban", {});
  await fakeAdmin("new-window", {});
});

describe("Binance: a full sync against the local Binance", () => {
  it("reads the whole history without a pair list, and every asset reconciles with its balance", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    const view = await syncToCompletion(input.id);
    expect(view.sync).toMatchObject({ historyComplete: true, lastError: null });

    const summary = await fakeAdmin<FakeSummary>("summary");
    const txs = await storedTransactions(input.id);
    const count = (prefix: string) => txs.filter((t) => t.txId.startsWith(prefix)).length;
    expect(count("trade:")).toBe(summary.trades);
    expect(count("deposit:")).toBe(summary.deposits);
    expect(count("withdrawal:")).toBe(summary.withdrawals);
    expect(count("convert:")).toBe(summary.converts);
    expect(count("dust:")).toBe(summary.dust);
    expect(count("dividend:")).toBe(summary.dividends);
    // P2P: the bought and the sold order, not the cancelled one
    expect(summary.p2p).toBe(2);
    expect(count("p2p:")).toBe(summary.p2p);
    // Binance Pay: the payment received and the one made
    expect(summary.pay).toBe(2);
    expect(count("pay:")).toBe(summary.pay);
    // fiat: the bank deposit and the withdrawal (not the failed deposit); the card buy and the
    // buy from the fiat balance; every Simple Earn reward, flexible and locked
    expect(summary.fiat).toBe(2);
    expect(count("fiat:")).toBe(summary.fiat);
    expect(summary.cardBuys).toBe(2);
    expect(count("fiatbuy:")).toBe(summary.cardBuys);
    expect(summary.earnRewards).toBeGreaterThan(0);
    expect(count("earn:")).toBe(summary.earnRewards);
    expect(new Set(txs.map((t) => t.txId)).size).toBe(txs.length);

    const implied = sumBalanceEffects(txs);
    const balances = unwrap(await accountStub(input.id).balances(OWNER)).balances;
    // the flexible Earn position is counted from the Earn endpoints, not from its LDUSDT mirror
    const mirrors = balances.filter((b) => b.asset.startsWith("LD") && b.asset !== "LDO");
    expect(mirrors).toEqual([]);
    for (const b of balances) {
      expect(`${b.asset} ${b.amount}`).toBe(
        `${b.asset} ${formatAmount(implied.get(b.asset) ?? new Dec(0))}`,
      );
    }
    // assets traded out completely (dust swept to BNB) still reconcile to zero
    for (const asset of ["ZIL", "BAT"])
      expect(formatAmount(implied.get(asset) ?? new Dec(1))).toBe("0");
    // BNB paid fees
    expect(txs.some((t) => t.feeAsset === "BNB" && t.txId.startsWith("trade:"))).toBe(true);
    // what no endpoint explains is a row of its own: on the local Binance, exactly the gift card
    // it redeemed into spot (25 USDT), which no endpoint we read shows
    const unexplained = txs.filter((t) => t.kind === "unexplained");
    expect(unexplained.map((t) => [t.txType, t.asset, t.amount])).toEqual([
      ["deposit", "USDT", "25"],
    ]);
    expect(unwrap(await accountStub(input.id).describe(OWNER)).unexplained).toEqual({
      USDT: "25",
    });
    const valuation = unwrap(await accountStub(input.id).valuation(OWNER));
    expect(Number(valuation.prices.BTC)).toBeGreaterThan(1000);
  });

  it("reads nothing twice on an incremental sync, and queues no symbol whose balances did not move", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const known = new Set((await storedTransactions(input.id)).map((t) => t.txId));
    await fakeAdmin("reset-stats", {});
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync.lastError).toBeNull();
    const added = (await storedTransactions(input.id)).filter((t) => !known.has(t.txId));
    expect(added).toEqual([]);
    const stats = await fakeAdmin<{ spent: { api: number } }>("stats");
    // no myTrades at all: the account read once (20) and tickers (4); exchangeInfo is cached by the object
    expect(stats.spent.api).toBeLessThanOrEqual(20 + 4);
  });
});

describe("Binance: the past rebuilt from the ledger", () => {
  it("values the ledger's holdings at every rebuilt point at the local Binance's own closes", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const now = Date.now();
    const result = await rebuildOwnerHistory(createDb(env.DB), env.PRICES, OWNER, "USD", now);
    // ~610 days before the last 90, then 90 days of hours
    expect(result.written).toBeGreaterThan(600 + 90 * 24);

    const ledger = await ledgerRows(input.id);
    const points = (
      await env.DB.prepare(
        "SELECT timestamp, value FROM portfolio_snapshots WHERE owner_id = ? AND source = 'rebuilt' ORDER BY timestamp",
      )
        .bind(OWNER)
        .all<{ timestamp: number; value: string }>()
    ).results;
    expect(points).toHaveLength(result.written);

    // the local Binance's candles, read here page by page: every asset has a USDT pair there
    // (SAND's is halted now, yet its past candles are prices of their time)
    const info = (await (await fetch(`${env.FAKE_BINANCE_URL}/api/v3/exchangeInfo`)).json()) as {
      symbols: { symbol: string }[];
    };
    const listed = new Set(info.symbols.map((x) => x.symbol));
    const series = new Map<string, [number, string][]>();
    const candles = async (symbol: string, interval: string) => {
      const key = `${symbol}/${interval}`;
      const have = series.get(key);
      if (have) return have;
      const out: [number, string][] = [];
      for (let start = (points[0]?.timestamp ?? now) - 3 * DAY; start < now; ) {
        const r = await fetch(
          `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=${symbol}&interval=${interval}&startTime=${start}&limit=1000`,
        );
        const page = (await r.json()) as (string | number)[][];
        for (const k of page) out.push([k[6] as number, k[4] as string]);
        if (page.length < 1000) break;
        start = (page.at(-1)?.[6] as number) + 1;
      }
      series.set(key, out);
      return out;
    };
    // hourly closes for the last 90 days (from that day's start), daily ones before
    const hourlyFrom = (Math.floor(now / DAY) - 90) * DAY;
    const priceAt = async (asset: string, t: number): Promise<Dec | null> => {
      if (asset === "USDT") return new Dec(1);
      if (!listed.has(`${asset}USDT`)) return null;
      const list = await candles(`${asset}USDT`, t >= hourlyFrom ? "1h" : "1d");
      // the last candle closed by t (and before now: an open candle is no close yet)
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const closeTime = (list[mid] as [number, string])[0];
        if (closeTime <= t && closeTime < now) lo = mid + 1;
        else hi = mid;
      }
      const last = list[lo - 1];
      return last ? new Dec(last[1]) : null;
    };

    const held = new Map<string, Dec>();
    let next = 0;
    let compared = 0;
    for (const p of points) {
      const upTo = ledger.slice(next).findIndex((t) => t.timestamp > p.timestamp);
      const moved = upTo === -1 ? ledger.slice(next) : ledger.slice(next, next + upTo);
      next += moved.length;
      for (const [asset, d] of sumBalanceEffects(moved))
        held.set(asset, (held.get(asset) ?? new Dec(0)).add(d));
      let expected = new Dec(0);
      for (const [asset, amount] of held) {
        if (amount.isZero()) continue;
        const price = await priceAt(asset, p.timestamp);
        if (price) expected = expected.add(amount.mul(price));
      }
      expect(`${new Date(p.timestamp).toISOString()} ${p.value}`).toBe(
        `${new Date(p.timestamp).toISOString()} ${formatAmount(expected)}`,
      );
      compared++;
    }
    expect(compared).toBe(result.written);
  });
});

describe("Binance: the lots of a reconciled account", () => {
  it("leaves in open lots exactly what the ledger holds, asset by asset, for every method", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const rows = await ledgerRows(input.id);
    const held = sumBalanceEffects(rows);
    // amounts do not depend on prices: every asset at 1
    const one = new Dec(1);
    for (const method of TaxMethod.options) {
      const r = computeLots(rows, "USD", TaxSettings.parse({ method }), () => one);
      const inLots = new Map<string, Dec>();
      for (const l of r.open)
        inLots.set(l.asset, (inLots.get(l.asset) ?? new Dec(0)).add(l.amount));
      for (const [asset, amount] of held) {
        if (isFiat(asset) || !amount.gt(0)) continue;
        expect(`${method} ${asset} ${formatAmount(inLots.get(asset) ?? new Dec(0))}`).toBe(
          `${method} ${asset} ${formatAmount(amount)}`,
        );
      }
      // the ledger never spends what it has not got: no acquisition is missing
      expect(r.findings.filter((f) => f.kind === "missing_acquisition")).toEqual([]);
    }
  });
});

describe("Binance: Ed25519 keys", () => {
  it("signs with an Ed25519 key inside workerd, and Binance accepts it", async () => {
    const input = binanceInput(
      {
        credentials: {
          apiKey: env.FAKE_BINANCE_ED25519_KEY,
          privateKey: env.FAKE_BINANCE_ED25519_PRIVATE,
        },
      },
      { keyType: "ed25519" },
    );
    unwrap(await accountStub(input.id).register(input));
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    // accepted: no error; the first run may leave history for the next (`syncing` until caught up)
    expect(view.sync).toMatchObject({ lastError: null, attempts: 0 });
    expect((await storedTransactions(input.id)).length).toBeGreaterThan(0);
  });
});

/** fault tests sign with their own key: other accounts' background syncs cannot eat the faults */
const FAULT_KEY_CREDENTIALS = {
  credentials: { apiKey: env.FAKE_BINANCE_FAULT_KEY, apiSecret: env.FAKE_BINANCE_FAULT_SECRET },
};

describe("Binance: failures", () => {
  async function registered(config: Record<string, unknown> = {}, extra = {}) {
    const input = binanceInput(extra, config);
    unwrap(await accountStub(input.id).register(input));
    return input;
  }

  it("retries a short burst of 5xx and a malformed body, and succeeds", async () => {
    const input = await registered({}, FAULT_KEY_CREDENTIALS);
    const before = await servedFaults();
    await fakeAdmin("faults", { fail5xx: 2, onlyKey: env.FAKE_BINANCE_FAULT_KEY });
    let view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync.lastError).toBeNull();
    // the stand-in served both 503s to this account's key (the sync met them and retried)
    expect((await servedFaults()).fail5xx - before.fail5xx).toBe(2);
    await fakeAdmin("faults", { malformed: 1, onlyKey: env.FAKE_BINANCE_FAULT_KEY });
    view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync.lastError).toBeNull();
    expect((await servedFaults()).malformed - before.malformed).toBe(1);
  });

  it("backs off after a longer outage, storing what it read, then resumes without duplicates", async () => {
    const input = await registered({}, FAULT_KEY_CREDENTIALS);
    unwrap(await accountStub(input.id).requestSync(OWNER));
    // the first run stored part of the history: the sync after the outage goes on from it
    expect((await storedTransactions(input.id)).length).toBeGreaterThan(0);
    // an outage longer than the client's retries: every request fails until it is lifted, so
    // whichever run meets it (the test's, or the catch-up the schedule starts) backs off
    await fakeAdmin("reset-stats", {});
    await fakeAdmin("faults", { fail5xx: 1_000, onlyKey: env.FAKE_BINANCE_FAULT_KEY });
    const failed = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(failed.sync).toMatchObject({
      state: "backoff",
      lastError: { kind: "unavailable", retryable: true },
    });
    const served = await fakeAdmin<{ statuses: Record<string, number> }>("stats");
    expect(served.statuses["503"]).toBeGreaterThan(0);
    await fakeAdmin("faults", { fail5xx: 0, onlyKey: env.FAKE_BINANCE_FAULT_KEY });
    const done = await syncToCompletion(input.id);
    expect(done.sync.historyComplete).toBe(true);
    const txs = await storedTransactions(input.id);
    expect(new Set(txs.map((t) => t.txId)).size).toBe(txs.length);
    const summary = await fakeAdmin<FakeSummary>("summary");
    expect(txs.filter((t) => t.txId.startsWith("trade:")).length).toBe(summary.trades);
  });

  it("re-learns the server clock once on -1021 and carries on", async () => {
    const input = await registered();
    unwrap(await accountStub(input.id).requestSync(OWNER));
    const before = await servedFaults();
    await fakeAdmin("faults", { clockSkewMs: 45_000 });
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync.lastError).toBeNull();
    // the stand-in refused a request as outside recvWindow (-1021) before the client re-learned
    // its clock, and then answered requests on the skewed clock
    const after = await servedFaults();
    expect(after.timestampRejected - before.timestampRejected).toBeGreaterThanOrEqual(1);
    expect(after.skewed - before.skewed).toBeGreaterThan(
      after.timestampRejected - before.timestampRejected,
    );
  });

  it("stops and asks for attention when the signature or the key is rejected, without retrying", async () => {
    // keys no other test uses, so other accounts' background syncs (the clock-skew test's
    // -1021s among them) cannot land in the count
    const auth = JSON.parse(env.FAKE_BINANCE_AUTH_KEY) as { key: string; secret: string };
    for (const credentials of [
      { apiKey: auth.key, apiSecret: "wrongSecret00000000000000000000" },
      { apiKey: "unknownKey000000000000000000000000", apiSecret: auth.secret },
    ]) {
      const input = await registered({}, { credentials });
      // the sync the registration scheduled runs first (its request must not land in the count)
      for (let i = 0; i < 200; i++) {
        const v = unwrap(await accountStub(input.id).describe(OWNER));
        if (v.sync.state === "needs_attention") break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await fakeAdmin("reset-stats", {});
      const view = unwrap(await accountStub(input.id).requestSync(OWNER));
      expect(view.sync).toMatchObject({
        state: "needs_attention",
        nextRunAt: null,
        lastError: { kind: "auth", retryable: false },
      });
      const stats = await fakeAdmin<{ statusesWithKey: Record<string, number> }>("stats", {
        key: credentials.apiKey,
      });
      // one refused request, and nothing after it
      expect(stats.statusesWithKey).toEqual({ [credentials.apiKey === auth.key ? 400 : 401]: 1 });
    }
  });

  it("waits Retry-After (never less than its floor) on 429", async () => {
    const input = await registered();
    // the initial sync first, so no sync started by the registration meets the 429 instead
    expect((await syncToCompletion(input.id)).sync.lastError).toBeNull();
    await fakeAdmin("consume", { bucket: "api", weight: 60_000 });
    const before = Date.now();
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync).toMatchObject({
      state: "backoff",
      lastError: { kind: "rate_limited", retryable: true },
    });
    expect(Date.parse(view.sync.nextRunAt ?? "") - before).toBeGreaterThanOrEqual(5_000);
  });

  it("stops syncing until a 418 ban ends, and says so in the status", async () => {
    // another client on the IP keeps going after 429s: the local Binance bans the IP, as Binance does
    await fakeAdmin("consume", { bucket: "api", weight: 60_000 });
    for (let i = 0; i < 5; i++) await fetch(`${env.FAKE_BINANCE_URL}/api/v3/time`);
    const input = await registered();
    const before = Date.now();
    const view = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(view.sync).toMatchObject({
      state: "backoff",
      lastError: { kind: "banned", retryable: true },
    });
    expect(Date.parse(view.sync.nextRunAt ?? "") - before).toBeGreaterThanOrEqual(100_000);
    // the webhooks hear of the ban first (the outbox); then the alarm waits for the ban's end:
    // the user data stream's reconnect at its end, the sync (with its jitter) at or after it
    const alarm = (await settledAlarm(input.id)) ?? 0;
    expect(alarm - before).toBeGreaterThanOrEqual(100_000);
    expect(alarm).toBeLessThanOrEqual(Date.parse(view.sync.nextRunAt ?? ""));
  });

  it("keeps a ban through an eviction: no sync and no trade check sends anything until it ends", async () => {
    await fakeAdmin("consume", { bucket: "api", weight: 60_000 });
    for (let i = 0; i < 5; i++) await fetch(`${env.FAKE_BINANCE_URL}/api/v3/time`);
    // a key of its own, so the stand-in can tell this account's requests from the others'
    const ban = JSON.parse(env.FAKE_BINANCE_BAN_KEY) as { key: string; secret: string };
    const input = await registered({}, { credentials: { apiKey: ban.key, apiSecret: ban.secret } });
    const banned = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(banned.sync.lastError).toMatchObject({ kind: "banned" });
    // the object goes; a new one (a new adapter, a new client) must know of the ban from storage
    await evictDurableObject(rawStub(input.id));
    await fakeAdmin("reset-stats", {});
    const again = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(again.sync).toMatchObject({ state: "backoff", lastError: { kind: "banned" } });
    const check = unwrap(
      await accountStub(input.id).checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.001",
        price: "60000",
      }),
    );
    // answered from storage: the rules are not fetched behind the answer while the ban lasts
    expect(check.rulesChecked).toBe("unavailable");
    await new Promise((r) => setTimeout(r, 200));
    const stats = await fakeAdmin<{ requestsWithKey: number }>("stats", { key: ban.key });
    expect(stats.requestsWithKey).toBe(0);
    // nor an unsigned one (the server time): the new object's client sent nothing at all
    const sent = await runInDurableObject(
      rawStub(input.id),
      (instance: unknown) => heldClient(instance)?.requests ?? -1,
    );
    expect(sent).toBe(0);
  });
});

describe("Binance: pacing and delisting", () => {
  it("holds back before passing its share of the weight limit, so no 429 ever comes", async () => {
    const input = binanceInput(
      {},
      { weightLimits: { api: 1_000, sapiIp: 1_000_000, sapiUid: 10_000_000 }, weightShare: 0.5 },
    );
    unwrap(await accountStub(input.id).register(input));
    await fakeAdmin("reset-stats", {});
    let clock = Date.now();
    const adapter = new BinanceAdapter(
      BinanceConfig.parse(input.config),
      input.credentials as never,
      {
        now: () => clock,
        fetch: (i, init) => fetch(i, init),
      },
    );
    let paces = 0;
    await runInDurableObject(rawStub(input.id), async (_i, state) => {
      const deps = {
        adapter,
        store: AccountStore.of(state.storage),
        db: createDb(env.DB),
        accountId: input.id,
        baseCurrency: "USD",
        now: () => clock,
        maxPages: 1000,
      };
      for (let i = 0; i < 50; i++) {
        const r = await runSync(deps);
        expect(r.ok).toBe(true);
        if (r.ok && r.resumeAfterMs !== undefined) {
          paces++;
          expect(r.resumeAfterMs).toBeLessThanOrEqual(60_250);
          clock += r.resumeAfterMs;
          await fakeAdmin("new-window", {});
          continue;
        }
        if (r.ok && r.historyComplete) return;
      }
      throw new Error("did not complete");
    });
    expect(paces).toBeGreaterThan(0);
    const stats = await fakeAdmin<{ statuses: Record<string, number> }>("stats");
    expect(stats.statuses["429"] ?? 0).toBe(0);
    expect(stats.statuses["418"] ?? 0).toBe(0);
  });

  it("drops a symbol Binance removed (-1121) and keeps what it had read", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const before = (await storedTransactions(input.id)).filter((t) =>
      t.txId.startsWith("trade:LINKETH:"),
    ).length;
    expect(before).toBeGreaterThan(0);
    await fakeAdmin("delist", { symbol: "LINKETH" });
    try {
      const adapter = new BinanceAdapter(
        BinanceConfig.parse(binanceConfig()),
        input.credentials as never,
        {
          now: () => Date.now() + 2 * 86_400_000,
          fetch: (i, init) => fetch(i, init),
        },
      );
      const r = await syncWith(input.id, adapter, { maxPages: 1000 });
      expect(r).toMatchObject({ ok: true, historyComplete: true });
      const cursor = await runInDurableObject(rawStub(input.id), (_i, state) =>
        AccountStore.of(state.storage).cursor("transactions"),
      );
      expect(Object.keys(JSON.parse(cursor ?? "{}").symbols)).not.toContain("LINKETH");
      expect(
        (await storedTransactions(input.id)).filter((t) => t.txId.startsWith("trade:LINKETH:"))
          .length,
      ).toBe(before);
    } finally {
      await fakeAdmin("undelist", { symbol: "LINKETH" });
    }
  });
});

describe("Binance: the weight of a quiet sync", () => {
  it("spends no SAPI UID weight when nothing moved (it was 21,000: withdrawals and converts)", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    type Stats = { spent: { api: number; sapiIp: number; sapiUid: number }; requests: number };
    await fakeAdmin("reset-stats", {});
    const quiet = unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(quiet.sync.historyComplete).toBe(true);
    const spent = (await fakeAdmin<Stats>("stats")).spent;
    // withdrawals (18,000) and converts (3,000) are not asked for: no balance moved
    expect(spent.sapiUid).toBe(0);
  });
});

describe("Binance: deposits and withdrawals that are not final yet", () => {
  it("records a deposit credited weeks after it appeared, once, and nothing for a rejected withdrawal", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const summary = await fakeAdmin<FakeSummary>("summary");
    expect(summary.failedWithdrawals).toBe(1);
    const [late] = summary.pendingDeposits;
    if (!late) throw new Error("the local Binance has no pending deposit");
    const rowsOf = async (txId: string) =>
      (await storedTransactions(input.id)).filter((t) => t.txId === txId);
    expect(await rowsOf(`deposit:${late}`)).toEqual([]);
    // Binance credits it now, 20 days after it appeared: far past the 3-day overlap re-read
    const credited = await fakeAdmin<{ amount: string; status: number }>("credit-deposit", {
      id: late,
    });
    expect(credited.status).toBe(1);
    unwrap(await accountStub(input.id).requestSync(OWNER));
    const once = await rowsOf(`deposit:${late}`);
    expect(once.map((t) => [t.txType, t.asset, t.amount])).toEqual([["deposit", "USDT", "1234"]]);
    // a later pass does not add it again
    unwrap(await accountStub(input.id).requestSync(OWNER));
    expect(await rowsOf(`deposit:${late}`)).toHaveLength(1);
    // the rejected withdrawal never moved anything, and the account says so
    const failedList = unwrap(await accountStub(input.id).describe(OWNER)).failedMovements;
    expect(failedList.map((f) => [f.kind, f.asset, f.amount, f.status])).toEqual([
      ["withdrawal", "USDT", "250", 3],
    ]);
    // only the completed ones are rows
    const withdrawals = (await storedTransactions(input.id)).filter((t) =>
      t.txId.startsWith("withdrawal:"),
    );
    expect(withdrawals).toHaveLength(summary.withdrawals);
  });
});

describe("Binance: trade checks with the exchange's filters", () => {
  it("names the filter a quantity off the step size or an order under the minimum notional breaks", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const stub = accountStub(input.id);
    const trade = {
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "0.001",
      price: "60000",
    } as const;
    // the sync stored the rules of the pairs the account holds: the first check applies them
    expect(unwrap(await stub.checkTrade(OWNER, trade)).rulesChecked).toBe("checked");
    // AXS/USDT's rules come from the sync too if the account holds AXS, else behind its first check
    await checkOnceRulesArrive(input.id, {
      ...trade,
      side: "sell",
      base: "AXS",
      price: "5",
      quantity: "1",
    });
    const offStep = unwrap(
      await stub.checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.000015",
        price: "60000",
      }),
    );
    expect(offStep.rulesChecked).toBe("checked");
    expect(offStep.violations.map((v) => v.code)).toContain("LOT_SIZE");
    const tiny = unwrap(
      await stub.checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.00001",
        price: "100",
      }),
    );
    expect(
      tiny.violations.map((v) => v.code).some((c) => c === "NOTIONAL" || c === "MIN_NOTIONAL"),
    ).toBe(true);
    const fine = unwrap(
      await stub.checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.001",
        price: "60000",
      }),
    );
    expect(fine).toMatchObject({ ok: true, violations: [], rulesChecked: "checked" });
    const halted = unwrap(
      await stub.checkTrade(OWNER, {
        side: "sell",
        base: "AXS",
        quote: "USDT",
        quantity: "1",
        price: "5",
      }),
    );
    expect(halted.rulesChecked).toBe("checked");
    expect(halted.violations.map((v) => v.code)).toContain("SYMBOL_NOT_TRADING");
  });

  it("refuses a pair Binance does not list once it has asked", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const stub = accountStub(input.id);
    const nope = { side: "buy", base: "BTC", quote: "NOPE", quantity: "1", price: "1" } as const;
    // not known yet: not refused for it, asked behind the answer
    expect(unwrap(await stub.checkTrade(OWNER, nope)).rulesChecked).toBe("unavailable");
    const r = await checkOnceRulesArrive(input.id, nope);
    expect(r).toMatchObject({ ok: false, rulesChecked: "unknown_symbol" });
    expect(r.violations.map((v) => v.code)).toContain("UNKNOWN_SYMBOL");
  });

  it("spends the account's own taker rate from the first check: the sync stored it with the rules", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const stub = accountStub(input.id);
    const trade = {
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "0.001",
      price: "60000",
    } as const;
    // the local Binance's account pays 0.08% as taker (a VIP tier), not Binance's published
    // 0.1% (which would spend 60.06): 60 × 1.0008 = 60.048
    expect(unwrap(await stub.checkTrade(OWNER, trade))).toMatchObject({
      rulesChecked: "checked",
      feeRate: "0.0008",
      spends: { asset: "USDT", amount: "60.048" },
    });
  });

  it("takes a pair's own rates from its commission endpoint when no sync stored the pair", async () => {
    const input = binanceInput();
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    const stub = accountStub(input.id);
    const held = new Set(unwrap(await stub.balances(OWNER)).balances.map((b) => b.asset));
    // a listed pair whose base the account does not hold: the sync stored nothing for it
    const info = (await (await fetch(`${env.FAKE_BINANCE_URL}/api/v3/exchangeInfo`)).json()) as {
      symbols: { baseAsset: string; quoteAsset: string; status: string }[];
    };
    const pair = info.symbols.find(
      (s) => s.quoteAsset === "USDT" && s.status === "TRADING" && !held.has(s.baseAsset),
    );
    if (!pair) throw new Error("the local Binance lists no USDT pair the account does not hold");
    const trade = {
      side: "buy",
      base: pair.baseAsset,
      quote: "USDT",
      quantity: "10",
      price: "1",
    } as const;
    expect(unwrap(await stub.checkTrade(OWNER, trade)).rulesChecked).toBe("unavailable");
    // GET /api/v3/account/commission: 0.08% taker, so 10 USDT spends 10.008
    expect(await checkOnceRulesArrive(input.id, trade)).toMatchObject({
      rulesChecked: "checked",
      feeRate: "0.0008",
      spends: { asset: "USDT", amount: "10.008" },
    });
  });

  it("answers a trade check on a cold object from storage, sending nothing to Binance", async () => {
    const cold = JSON.parse(env.FAKE_BINANCE_COLD_KEY) as { key: string; secret: string };
    // no user data stream: an object holding a socket is not evicted
    const input = binanceInput(
      { credentials: { apiKey: cold.key, apiSecret: cold.secret } },
      { realtime: false },
    );
    unwrap(await accountStub(input.id).register(input));
    await syncToCompletion(input.id);
    await pauseSchedule(input.id);
    // the object goes: a new one has only what storage holds
    await evictDurableObject(rawStub(input.id));
    const before = await fakeAdmin<{ requestsWithKey: number }>("stats", { key: cold.key });
    const check = unwrap(
      await accountStub(input.id).checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.001",
        price: "60000",
      }),
    );
    expect(check).toMatchObject({ rulesChecked: "checked", feeRate: "0.0008" });
    await new Promise((r) => setTimeout(r, 200));
    // nothing signed with its key reached the local Binance, and the new object's client sent nothing
    const after = await fakeAdmin<{ requestsWithKey: number }>("stats", { key: cold.key });
    expect(after.requestsWithKey).toBe(before.requestsWithKey);
    const sent = await runInDurableObject(
      rawStub(input.id),
      (instance: unknown) => heldClient(instance)?.requests ?? 0,
    );
    expect(sent).toBe(0);
  });
});

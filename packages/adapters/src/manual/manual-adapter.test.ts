import { formatAmount, sumBalanceEffects, TransactionInput } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import type { BookedFill, TransactionPage } from "../adapter.js";
import type { AdapterResult } from "../adapter-error.js";
import { checkProviderCredentials, createAdapter, parseProviderConfig } from "../create-adapter.js";
import type { ManualConfig } from "./config.js";
import { ManualAdapter } from "./manual-adapter.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");

function unwrap<T>(r: AdapterResult<T>): T {
  if (!r.ok) throw new Error(`adapter failed: ${r.error.message}`);
  return r.value;
}

const deposit = (txId: string, asset: string, amount: string) =>
  TransactionInput.parse({
    txId,
    txType: "deposit",
    asset,
    amount,
    timestamp: new Date(T0).toISOString(),
  });

const buy = (txId: string, amount: string, quoteAmount: string, fee = "1") =>
  TransactionInput.parse({
    txId,
    txType: "buy",
    asset: "BTC",
    amount,
    price: "60000",
    quoteAsset: "USD",
    quoteAmount,
    fee,
    feeAsset: "USD",
    timestamp: new Date(T0).toISOString(),
  });

/** the host's fills as the contract has them: booked or voided in [from, to], booking order */
function host(fills: BookedFill[]) {
  return (fromMs: number, toMs: number) => {
    const within = (t: number | null) => t !== null && t >= fromMs && t <= toMs;
    return fills
      .filter((f) => within(f.bookedAt) || within(f.voidedAt))
      .sort((a, b) => a.bookedAt - b.bookedAt);
  };
}

function manual(fills: BookedFill[], now: () => number, config: ManualConfig = {}) {
  return new ManualAdapter(config, now, host(fills));
}

async function readAll(make: () => ManualAdapter, limit: number, cursor: string | null = null) {
  const rows: TransactionInput[] = [];
  for (;;) {
    const page: TransactionPage = unwrap(await make().getTransactions({ cursor, limit }));
    rows.push(...page.transactions);
    cursor = page.nextCursor;
    if (!page.hasMore) return { rows, cursor };
  }
}

const totals = async (a: ManualAdapter) =>
  Object.fromEntries(unwrap(await a.getBalances()).map((b) => [b.asset, b.free]));

describe("ManualAdapter", () => {
  it("has no history and no balances before anything is recorded, but lists its currency", async () => {
    const a = manual([], () => T0, { currency: "EUR" });
    expect(unwrap(await a.getTransactions({ cursor: null, limit: 10 }))).toMatchObject({
      transactions: [],
      hasMore: false,
    });
    expect(unwrap(await a.getBalances())).toEqual([{ asset: "EUR", free: "0", locked: "0" }]);
  });

  it("pages the recorded fills in booking order, without repeating or skipping one across restarts", async () => {
    // 3 fills booked in the same millisecond, then 4 more: pages of 2 cut through the tie
    const fills: BookedFill[] = [
      ...["c", "a", "b"].map((id) => ({
        tx: deposit(id, "USD", "1"),
        bookedAt: T0,
        voidedAt: null,
      })),
      ...[1, 2, 3, 4].map((i) => ({
        tx: deposit(`later-${i}`, "USD", String(i)),
        bookedAt: T0 + i * 1000,
        voidedAt: null,
      })),
    ];
    const now = () => T0 + 60_000;
    const { rows } = await readAll(() => manual(fills, now), 2);
    expect(rows.map((r) => r.txId)).toEqual([
      "a",
      "b",
      "c",
      "later-1",
      "later-2",
      "later-3",
      "later-4",
    ]);
    // each row exactly as recorded
    expect(rows[3]).toEqual(fills[3]?.tx);
  });

  it("goes on from its cursor with only what was booked since", async () => {
    const fills: BookedFill[] = [{ tx: deposit("d1", "USD", "100"), bookedAt: T0, voidedAt: null }];
    let now = T0 + 1000;
    const first = await readAll(() => manual(fills, () => now), 50);
    expect(first.rows.map((r) => r.txId)).toEqual(["d1"]);
    fills.push({ tx: buy("b1", "0.001", "60"), bookedAt: now, voidedAt: null });
    now += 1000;
    const second = await readAll(() => manual(fills, () => now), 50, first.cursor);
    expect(second.rows.map((r) => r.txId)).toEqual(["b1"]);
    const third = await readAll(() => manual(fills, () => now), 50, second.cursor);
    expect(third.rows).toEqual([]);
  });

  it("never reads a fill booked in the present millisecond or later, until the clock passes it", async () => {
    let now = T0;
    const fills: BookedFill[] = [
      { tx: deposit("now", "USD", "5"), bookedAt: T0, voidedAt: null },
      { tx: deposit("future", "USD", "7"), bookedAt: T0 + 5_000, voidedAt: null },
    ];
    const adapter = manual(fills, () => now);
    const early = unwrap(await adapter.getTransactions({ cursor: null, limit: 50 }));
    expect(early.transactions).toEqual([]);
    expect(await totals(adapter)).toEqual({});
    now = T0 + 1;
    const next = unwrap(await adapter.getTransactions({ cursor: early.nextCursor, limit: 50 }));
    expect(next.transactions.map((t) => t.txId)).toEqual(["now"]);
    expect(await totals(adapter)).toEqual({ USD: "5" });
    now = T0 + 6_000;
    const last = unwrap(await adapter.getTransactions({ cursor: next.nextCursor, limit: 50 }));
    expect(last.transactions.map((t) => t.txId)).toEqual(["future"]);
    expect(await totals(adapter)).toEqual({ USD: "12" });
  });

  it("sums the recorded fills into its balances, the voided ones left out", async () => {
    const fills: BookedFill[] = [
      { tx: deposit("open-usd", "USD", "10000"), bookedAt: T0, voidedAt: null },
      { tx: buy("buy-1", "0.1", "6000", "6"), bookedAt: T0 + 1, voidedAt: null },
      { tx: buy("buy-wrong", "0.05", "3000", "3"), bookedAt: T0 + 2, voidedAt: T0 + 3 },
    ];
    const adapter = manual(fills, () => T0 + 10);
    const { rows } = await readAll(() => adapter, 50);
    // history keeps the voided row (the host marks it void); balances leave it out
    expect(rows.map((r) => r.txId)).toEqual(["open-usd", "buy-1", "buy-wrong"]);
    const implied = sumBalanceEffects(rows.filter((r) => r.txId !== "buy-wrong"));
    expect(await totals(adapter)).toEqual(
      Object.fromEntries([...implied].map(([a, v]) => [a, formatAmount(v)])),
    );
    expect(await totals(adapter)).toEqual({ BTC: "0.1", USD: "3994" });
  });

  it("counts in its balances only the fills its last history read reached", async () => {
    let now = T0 + 10;
    const fills: BookedFill[] = [{ tx: deposit("d1", "USD", "100"), bookedAt: T0, voidedAt: null }];
    const adapter = manual(fills, () => now);
    unwrap(await adapter.getTransactions({ cursor: null, limit: 50 }));
    // recorded after the history was read: the host still counts it as unseen, on top
    fills.push({ tx: deposit("d2", "USD", "50"), bookedAt: now, voidedAt: null });
    now += 10;
    expect(await totals(adapter)).toEqual({ USD: "100" });
  });

  it("has no prices: every asset stays unpriced, never valued at zero", async () => {
    const adapter = manual(
      [{ tx: deposit("d", "GOLD", "2"), bookedAt: T0, voidedAt: null }],
      () => T0 + 5,
    );
    const market = unwrap(await adapter.getMarketValues("USD"));
    expect(market).toEqual({ base: "USD", prices: {}, asOf: new Date(T0 + 5).toISOString() });
  });

  it("refuses a cursor it did not make and a page limit that is not a positive integer", async () => {
    const adapter = manual([], () => T0);
    for (const cursor of ["{}", "nope", JSON.stringify({ v: 1, t: 0, skip: -1 })]) {
      const r = await adapter.getTransactions({ cursor, limit: 10 });
      expect(r).toMatchObject({ ok: false, error: { kind: "bad_request", retryable: false } });
    }
    expect(await adapter.getTransactions({ cursor: null, limit: 0 })).toMatchObject({
      ok: false,
      error: { kind: "bad_request" },
    });
  });
});

describe("the manual provider", () => {
  it("needs no config, takes an optional currency and notes, and nothing else", () => {
    expect(parseProviderConfig("manual", {}).success).toBe(true);
    expect(parseProviderConfig("manual", { currency: "EUR", notes: "broker X" }).success).toBe(
      true,
    );
    expect(parseProviderConfig("manual", { seed: "x" }).success).toBe(false);
    expect(parseProviderConfig("manual", { currency: "not a symbol" }).success).toBe(false);
  });

  it("takes no credentials", () => {
    expect(checkProviderCredentials("manual", null)).toBeNull();
    expect(checkProviderCredentials("manual", { apiKey: "k" })).toMatch(/takes no credentials/);
  });

  it("is built by createAdapter and reads the host's booked fills", async () => {
    const adapter = createAdapter("manual", {}, null, {
      now: () => T0 + 1,
      fetch: () => Promise.reject(new Error("a manual account never goes to the network")),
      bookedFills: host([{ tx: deposit("d", "USD", "3"), bookedAt: T0, voidedAt: null }]),
    });
    expect(adapter.balancesFollowHistory).toBe(true);
    unwrap(await adapter.getTransactions({ cursor: null, limit: 10 }));
    expect(unwrap(await adapter.getBalances())).toEqual([{ asset: "USD", free: "3", locked: "0" }]);
  });
});

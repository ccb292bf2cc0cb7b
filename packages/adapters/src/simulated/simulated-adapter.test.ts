import { Dec, formatAmount, sumBalanceEffects, TransactionInput } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import type { PlatformAdapter, TransactionPage } from "../adapter.js";
import type { AdapterResult } from "../adapter-error.js";
import { SimulatedConfig } from "./config.js";
import { SimulatedAdapter } from "./simulated-adapter.js";

const START = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3600_000;
const config = (extra: Partial<SimulatedConfig> = {}) =>
  SimulatedConfig.parse({ seed: "test", start: new Date(START).toISOString(), ...extra });

function unwrap<T>(r: AdapterResult<T>): T {
  if (!r.ok) throw new Error(`adapter failed: ${r.error.message}`);
  return r.value;
}

async function fullHistory(adapter: PlatformAdapter, limit = 100) {
  const all = [];
  let cursor: string | null = null;
  for (;;) {
    const page: TransactionPage = unwrap(await adapter.getTransactions({ cursor, limit }));
    all.push(...page.transactions);
    cursor = page.nextCursor;
    if (!page.hasMore) return { all, cursor };
  }
}

describe("SimulatedAdapter", () => {
  it("answers the same history for the same seed and clock", async () => {
    const a = await fullHistory(new SimulatedAdapter(config(), () => START + 500 * HOUR));
    const b = await fullHistory(new SimulatedAdapter(config(), () => START + 500 * HOUR));
    expect(a.all.length).toBeGreaterThan(200);
    expect(a.all).toEqual(b.all);
    const other = await fullHistory(
      new SimulatedAdapter(config({ seed: "other" }), () => START + 500 * HOUR),
    );
    expect(other.all).not.toEqual(a.all);
  });

  it("emits transactions the domain schema accepts, with unique platform ids", async () => {
    const { all } = await fullHistory(new SimulatedAdapter(config(), () => START + 300 * HOUR));
    for (const tx of all) expect(TransactionInput.safeParse(tx).success).toBe(true);
    expect(new Set(all.map((t) => t.txId)).size).toBe(all.length);
    expect(new Set(all.map((t) => t.txType))).toEqual(
      new Set(["deposit", "buy", "sell", "withdrawal"]),
    );
  });

  it("grows its history with time and keeps the past unchanged", async () => {
    let now = START + 100 * HOUR;
    const adapter = new SimulatedAdapter(config(), () => now);
    const first = await fullHistory(adapter);
    now += 200 * HOUR;
    const more = unwrap(await adapter.getTransactions({ cursor: first.cursor, limit: 1000 }));
    expect(more.transactions.length).toBeGreaterThan(50);
    const fresh = await fullHistory(new SimulatedAdapter(config(), () => now));
    expect(fresh.all).toEqual([...first.all, ...more.transactions]);
  });

  it("reports balances equal to the sum of its history, never negative", async () => {
    for (const hours of [0, 1, 50, 700, 2000]) {
      const adapter = new SimulatedAdapter(config(), () => START + hours * HOUR);
      const implied = sumBalanceEffects((await fullHistory(adapter)).all);
      for (const b of unwrap(await adapter.getBalances())) {
        const total = new Dec(b.free).add(b.locked);
        expect(total.gte(0) && new Dec(b.locked).gte(0)).toBe(true);
        expect(formatAmount(total)).toBe(formatAmount(implied.get(b.asset) ?? new Dec(0)));
      }
    }
  });

  it("has no history before the account opened, and its cursor then starts it", async () => {
    let now = START - HOUR;
    const adapter = new SimulatedAdapter(config(), () => now);
    const empty = unwrap(await adapter.getTransactions({ cursor: null, limit: 10 }));
    expect(empty).toMatchObject({ transactions: [], hasMore: false });
    expect(unwrap(await adapter.getBalances()).every((b) => b.free === "0")).toBe(true);
    now = START + 30 * HOUR;
    const later = await fullHistory(new SimulatedAdapter(config(), () => now));
    const resumed = unwrap(
      await adapter.getTransactions({ cursor: empty.nextCursor, limit: 1000 }),
    );
    expect(resumed.transactions).toEqual(later.all);
  });

  it("reads the first implementation's event-index cursor from the beginning", async () => {
    const adapter = new SimulatedAdapter(config(), () => START + 100 * HOUR);
    const fromStart = unwrap(await adapter.getTransactions({ cursor: null, limit: 20 }));
    expect(unwrap(await adapter.getTransactions({ cursor: "57", limit: 20 }))).toEqual(fromStart);
  });

  it("answers balances after history from where its last page stopped, as a replay would", async () => {
    let now = START + 400 * HOUR;
    const adapter = new SimulatedAdapter(config(), () => now);
    expect(adapter.balancesFollowHistory).toBe(true);
    const { all, cursor } = await fullHistory(adapter);
    now += 3 * HOUR;
    const rest = unwrap(await adapter.getTransactions({ cursor, limit: 1000 }));
    const implied = sumBalanceEffects([...all, ...rest.transactions]);
    const fresh = unwrap(await new SimulatedAdapter(config(), () => now).getBalances());
    expect(unwrap(await adapter.getBalances())).toEqual(fresh);
    for (const b of fresh)
      expect(formatAmount(new Dec(b.free).add(b.locked))).toBe(
        formatAmount(implied.get(b.asset) ?? new Dec(0)),
      );
  });

  it("prices assets in USD and in any priced base", async () => {
    const adapter = new SimulatedAdapter(config(), () => START + 10 * HOUR);
    const usd = unwrap(await adapter.getMarketValues("USD"));
    expect(usd.prices.USDT).toBe("1");
    const btc = unwrap(await adapter.getMarketValues("BTC"));
    const eth = new Dec(usd.prices.ETH as string).div(usd.prices.BTC as string);
    expect(new Dec(btc.prices.ETH as string).sub(eth).abs().lt("1e-15")).toBe(true);
    const r = await adapter.getMarketValues("EUR");
    expect(r.ok ? null : r.error).toMatchObject({ kind: "unsupported", retryable: false });
  });

  it("rejects a malformed cursor or page limit as a non-retryable bad request", async () => {
    const adapter = new SimulatedAdapter(config(), () => START);
    for (const opts of [
      { cursor: "-1", limit: 10 },
      { cursor: '{"v":2}', limit: 10 },
      { cursor: null, limit: 0 },
    ]) {
      const r = await adapter.getTransactions(opts);
      expect(r.ok ? null : r.error).toMatchObject({ kind: "bad_request", retryable: false });
    }
  });

  it("fails as a retryable outage at the configured rate", async () => {
    const adapter = new SimulatedAdapter(config({ failureRate: 0.5 }), () => START + HOUR);
    const results = await Promise.all(Array.from({ length: 200 }, () => adapter.getBalances()));
    const failures = results.filter((r) => !r.ok);
    expect(failures.length).toBeGreaterThan(60);
    expect(failures.length).toBeLessThan(140);
    expect(failures[0]).toMatchObject({
      ok: false,
      error: { kind: "unavailable", retryable: true },
    });
  });
});

import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { api, botBuy, simulatedAccountBody } from "./http.js";

describe("one account end to end through the API", () => {
  it("registers, syncs, answers balances, records a fill once, lists, values and checks trades", async () => {
    // register: 201, initial sync scheduled, credentials never echoed
    const created = await api("POST", "/v1/accounts", {
      body: simulatedAccountBody(72, {
        name: "Flow",
        credentials: { apiKey: "k", apiSecret: "flow-secret-123" },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      provider: "simulated",
      type: "cex",
      active: true,
      hasCredentials: true,
    });
    expect(JSON.stringify(created.json)).not.toContain("flow-secret-123");
    const id: string = created.json.id;
    expect(id).toMatch(/^acct_/);

    // sync on demand
    const synced = await api("POST", `/v1/accounts/${id}/sync`);
    expect(synced.status).toBe(200);
    expect(synced.json.sync).toMatchObject({
      state: "idle",
      historyComplete: true,
      lastError: null,
    });

    // balances: decimal strings, amount = free + locked, fresh
    const balances = await api("GET", `/v1/accounts/${id}/balances`);
    expect(balances.status).toBe(200);
    expect(balances.json.stale).toBe(false);
    const usdt = balances.json.balances.find((b: { asset: string }) => b.asset === "USDT");
    expect(typeof usdt.free).toBe("string");
    expect(new Dec(usdt.free).add(usdt.locked).eq(usdt.amount)).toBe(true);

    // record a fill twice: stored once
    const fill = botBuy("bot-fill-flow-1");
    const first = await api("POST", `/v1/accounts/${id}/transactions`, { body: fill });
    const second = await api("POST", `/v1/accounts/${id}/transactions`, { body: fill });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const conflict = await api("POST", `/v1/accounts/${id}/transactions`, {
      body: { ...fill, amount: "0.002" },
    });
    expect(conflict.status).toBe(409);
    const after = await api("GET", `/v1/accounts/${id}/balances`);
    const usdtAfter = after.json.balances.find((b: { asset: string }) => b.asset === "USDT");
    expect(new Dec(usdt.free).sub(usdtAfter.free).toFixed()).toBe("60.06");

    // transactions: newest first, filtered, paged with a cursor, no duplicates
    const all = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/accounts/${id}/transactions?limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await api("GET", q);
      expect(page.status).toBe(200);
      all.push(...page.json.data);
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(all.filter((t) => t.txId === fill.txId)).toHaveLength(1);
    expect(new Set(all.map((t) => t.txId)).size).toBe(all.length);
    const times = all.map((t) => Date.parse(t.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const buys = await api("GET", `/v1/accounts/${id}/transactions?type=buy&asset=BTC&limit=500`);
    expect(buys.json.data.length).toBeGreaterThan(0);
    expect(
      buys.json.data.every(
        (t: { txType: string; asset: string }) => t.txType === "buy" && t.asset === "BTC",
      ),
    ).toBe(true);
    const from = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const recent = await api(
      "GET",
      `/v1/accounts/${id}/transactions?from=${encodeURIComponent(from)}&limit=500`,
    );
    expect(recent.json.data.every((t: { timestamp: string }) => t.timestamp >= from)).toBe(true);
    expect(recent.json.data.length).toBeLessThan(all.length);

    // listed
    const list = await api("GET", "/v1/accounts?limit=100");
    expect(list.json.data.map((a: { id: string }) => a.id)).toContain(id);

    // portfolio: total = Σ accounts = Σ assets
    const portfolio = await api("GET", "/v1/portfolio?base=USD");
    expect(portfolio.status).toBe(200);
    const mine = portfolio.json.accounts.find((a: { accountId: string }) => a.accountId === id);
    expect(new Dec(mine.value).gt(0)).toBe(true);
    const sumAccounts = portfolio.json.accounts.reduce(
      (s: Dec, a: { value: string }) => s.add(a.value),
      new Dec(0),
    );
    const sumAssets = portfolio.json.assets.reduce(
      (s: Dec, a: { value: string }) => s.add(a.value),
      new Dec(0),
    );
    expect(sumAccounts.eq(portfolio.json.total)).toBe(true);
    expect(sumAssets.eq(portfolio.json.total)).toBe(true);
    const inBtc = await api("GET", "/v1/portfolio?base=BTC");
    expect(inBtc.status).toBe(200);
    expect(new Dec(inBtc.json.total).lt(portfolio.json.total)).toBe(true);

    // reservations: a hold leaves available, a second hold on the same funds is refused
    const holdAmount = new Dec(usdtAfter.free).div(2).toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed();
    const hold = await api("POST", `/v1/accounts/${id}/reservations`, {
      body: { asset: "USDT", amount: holdAmount, ttlSeconds: 60, ref: "order-7" },
    });
    expect(hold.status).toBe(201);
    expect(hold.json).toMatchObject({ asset: "USDT", amount: holdAmount, ref: "order-7" });
    const again = await api("POST", `/v1/accounts/${id}/reservations`, {
      body: { asset: "USDT", amount: new Dec(holdAmount).add(1).toFixed() },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.details).toMatchObject({ reason: "INSUFFICIENT_FUNDS", asset: "USDT" });
    const held = await api("GET", `/v1/accounts/${id}/balances`);
    expect(held.json.balances.find((b: { asset: string }) => b.asset === "USDT").reserved).toBe(
      holdAmount,
    );
    expect((await api("DELETE", `/v1/accounts/${id}/reservations/${hold.json.id}`)).status).toBe(
      204,
    );
    expect((await api("DELETE", `/v1/accounts/${id}/reservations/${hold.json.id}`)).status).toBe(
      404,
    );

    // trade checks: within funds ok, beyond funds rejected with the shortfall
    const free = new Dec(usdtAfter.free);
    const ok = await api("POST", "/v1/trades/check", {
      body: {
        accountId: id,
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.0001",
        price: "1",
      },
    });
    expect(ok.json).toMatchObject({
      ok: true,
      violations: [],
      spends: { asset: "USDT", amount: "0.0001001" },
    });
    const tooMuch = free.add(1).toFixed();
    const rejected = await api("POST", "/v1/trades/check", {
      body: {
        accountId: id,
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: tooMuch,
        price: "1",
      },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.json.ok).toBe(false);
    expect(rejected.json.violations).toEqual([
      expect.objectContaining({
        code: "INSUFFICIENT_FUNDS",
        details: expect.objectContaining({ asset: "USDT", available: free.toFixed() }),
      }),
    ]);
  });
});

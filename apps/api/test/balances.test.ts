import { env } from "cloudflare:test";
import { Dec } from "@portfolio/core";
import { beforeAll, describe, expect, it } from "vitest";
import { api, simulatedAccountBody, type TokenName } from "./http.js";

interface HistoryRow {
  accountId: string;
  asset: string;
  amount: string;
  free: string;
  locked: string;
  syncedAt: string;
}

async function registerAndSync(token: TokenName, name: string): Promise<string> {
  const created = await api("POST", "/v1/accounts", {
    token,
    body: simulatedAccountBody(6, { name }),
  });
  expect(created.status).toBe(201);
  expect((await api("POST", `/v1/accounts/${created.json.id}/sync`, { token })).status).toBe(200);
  return created.json.id;
}

function deposit(token: TokenName, id: string, txId: string, amount: string) {
  return api("POST", `/v1/accounts/${id}/transactions`, {
    token,
    body: {
      txId,
      txType: "deposit",
      asset: "USDT",
      amount,
      timestamp: new Date().toISOString(),
    },
  });
}

describe("GET /v1/accounts/:id/balances/history", () => {
  let id: string;
  /** a time between the two syncs */
  let between: string;

  beforeAll(async () => {
    id = await registerAndSync("all", "History");
    await new Promise((r) => setTimeout(r, 5));
    between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    // the simulated platform books the fill: the next sync sees USDT change on the platform
    expect((await deposit("all", id, "history-deposit-1", "100.5")).status).toBe(201);
    expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
  });

  it("answers a row per changed asset per sync, newest first, as decimal strings", async () => {
    const r = await api("GET", `/v1/accounts/${id}/balances/history?limit=500`);
    expect(r.status).toBe(200);
    const rows: HistoryRow[] = r.json.data;
    const times = rows.map((x) => Date.parse(x.syncedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const x of rows) {
      expect(x.accountId).toBe(id);
      expect(new Dec(x.free).add(x.locked).eq(x.amount)).toBe(true);
    }
    expect(r.json.nextCursor).toBeNull();
  });

  it("shows the second sync's change of USDT on top of the first", async () => {
    const r = await api("GET", `/v1/accounts/${id}/balances/history?asset=USDT`);
    const rows: HistoryRow[] = r.json.data;
    expect(rows.length).toBe(2);
    expect(rows.every((x) => x.asset === "USDT")).toBe(true);
    const [newer, older] = rows as [HistoryRow, HistoryRow];
    expect(Date.parse(newer.syncedAt)).toBeGreaterThan(Date.parse(older.syncedAt));
    expect(new Dec(newer.amount).sub(older.amount).toFixed()).toBe("100.5");
  });

  it("filters by time: from and to bound the sync time", async () => {
    const after = await api(
      "GET",
      `/v1/accounts/${id}/balances/history?from=${encodeURIComponent(between)}`,
    );
    const before = await api(
      "GET",
      `/v1/accounts/${id}/balances/history?to=${encodeURIComponent(between)}`,
    );
    expect(after.json.data.map((x: HistoryRow) => x.asset)).toContain("USDT");
    expect(after.json.data.every((x: HistoryRow) => x.syncedAt >= between)).toBe(true);
    expect(before.json.data.length).toBeGreaterThan(0);
    expect(before.json.data.every((x: HistoryRow) => x.syncedAt <= between)).toBe(true);
  });

  it("pages with the cursor through every row once", async () => {
    const all = (await api("GET", `/v1/accounts/${id}/balances/history?limit=500`)).json.data;
    const paged: HistoryRow[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/accounts/${id}/balances/history?limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await api("GET", q);
      expect(page.status).toBe(200);
      expect(page.json.data.length).toBeLessThanOrEqual(1);
      paged.push(...page.json.data);
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThan(1);
    expect(paged).toEqual(all);
  });

  it("refuses a bad cursor, from after to, an unknown parameter and another owner's account", async () => {
    const base = `/v1/accounts/${id}/balances/history`;
    expect((await api("GET", `${base}?cursor=nope`)).status).toBe(400);
    const from = new Date().toISOString();
    const to = new Date(Date.now() - 60_000).toISOString();
    expect((await api("GET", `${base}?from=${from}&to=${to}`)).status).toBe(400);
    expect((await api("GET", `${base}?from=2001-01-01T00:00:00Z`)).status).toBe(400);
    expect((await api("GET", `${base}?asset=usdt`)).status).toBe(400);
    expect((await api("GET", `${base}?bogus=1`)).status).toBe(400);
    expect((await api("GET", base, { token: "other" })).status).toBe(404);
  });
});

describe("GET /v1/balances", () => {
  // the "other" owner: this file's accounts of the default owner stay out of these sums
  const token: TokenName = "other";
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await registerAndSync(token, "Sum A");
    b = await registerAndSync(token, "Sum B");
    // amounts with many decimals, so a float sum would show
    expect((await deposit(token, a, "sum-a-1", "0.100000000000000001")).status).toBe(201);
    expect((await deposit(token, b, "sum-b-1", "0.2")).status).toBe(201);
  });

  it("answers every account's balances and their exact sums per asset", async () => {
    const r = await api("GET", "/v1/balances", { token });
    expect(r.status).toBe(200);
    expect(r.json.unavailableAccounts).toEqual([]);
    expect(r.json.accounts.map((x: { accountId: string }) => x.accountId).sort()).toEqual(
      [a, b].sort(),
    );
    // hand-computed from each account's own balances route
    const own = await Promise.all(
      [a, b].map((id) => api("GET", `/v1/accounts/${id}/balances`, { token })),
    );
    const expected = new Map<string, Record<string, Dec>>();
    const fields = ["amount", "free", "locked", "reserved", "available"] as const;
    for (const view of own) {
      const listed = r.json.accounts.find(
        (x: { accountId: string }) => x.accountId === view.json.accountId,
      );
      expect(listed.version).toBe(view.json.version);
      expect(listed.balances).toEqual(view.json.balances);
      for (const bal of view.json.balances) {
        const sum =
          expected.get(bal.asset) ?? Object.fromEntries(fields.map((f) => [f, new Dec(0)]));
        for (const f of fields) sum[f] = (sum[f] as Dec).add(bal[f]);
        expected.set(bal.asset, sum);
      }
    }
    const want = [...expected]
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([asset, s]) => ({
        asset,
        ...Object.fromEntries(fields.map((f) => [f, (s[f] as Dec).toFixed()])),
      }));
    expect(r.json.totals).toEqual(want);
    const usdt = r.json.totals.find((t: { asset: string }) => t.asset === "USDT");
    expect(usdt.amount).toMatch(/\.\d*1$/);
  });

  it("names each account and says how fresh its balances are", async () => {
    const r = await api("GET", "/v1/balances", { token });
    const named = Object.fromEntries(
      r.json.accounts.map((x: { accountId: string; name: string }) => [x.accountId, x.name]),
    );
    expect(named).toEqual({ [a]: "Sum A", [b]: "Sum B" });
    for (const x of r.json.accounts) {
      expect(x.stale).toBe(false);
      expect(typeof x.version).toBe("number");
    }
    expect(r.json.base).toBeNull();
  });

  it("values each total in `base` when asked (USDT at 1 USD on the simulated platform)", async () => {
    const r = await api("GET", "/v1/balances?base=USD", { token });
    expect(r.status).toBe(200);
    expect(r.json.base).toBe("USD");
    const usdt = r.json.totals.find((t: { asset: string }) => t.asset === "USDT");
    expect(usdt.value).toBe(usdt.amount);
    for (const t of r.json.totals)
      expect(t.value === null || typeof t.value === "string").toBe(true);
  });

  it("lists an account whose object cannot answer in unavailableAccounts, and sums the rest", async () => {
    // an account row in D1 whose object was never registered: the object answers NOT_FOUND
    const orphan = "acct_orphan0000000000000000";
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO accounts (id, owner_id, name, type, provider, config, metadata, active, inserted_at, updated_at) VALUES (?, 'other', 'Orphan', 'cex', 'simulated', '{}', '{}', 1, ?, ?)",
    )
      .bind(orphan, now, now)
      .run();
    const before = (await api("GET", "/v1/balances?base=USD", { token })).json;
    await env.DB.prepare("DELETE FROM accounts WHERE id = ?").bind(orphan).run();
    const without = (await api("GET", "/v1/balances?base=USD", { token })).json;
    expect(before.unavailableAccounts).toEqual([
      { accountId: orphan, reason: "account not found" },
    ]);
    expect(before.accounts.map((x: { accountId: string }) => x.accountId).sort()).toEqual(
      [a, b].sort(),
    );
    expect(before.totals).toEqual(without.totals);
  });
});

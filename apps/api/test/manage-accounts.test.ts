import { env } from "cloudflare:test";
import type { Fixture } from "@portfolio/evm-chain/types";
import { describe, expect, it } from "vitest";
import { api, simulatedAccountBody } from "./http.js";

const fx = JSON.parse(env.EVM_FIXTURE) as Fixture;

const randomAddress = () =>
  `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

const walletBody = (addresses: string[]) => ({
  name: "Managed wallet",
  provider: "evm",
  config: { chainId: fx.chainId, addresses, multicall3: fx.multicall3, confirmations: 0 },
  credentials: { rpcUrl: fx.rpcUrl },
});

async function created(body: unknown = simulatedAccountBody(3)): Promise<string> {
  const r = await api("POST", "/v1/accounts", { body });
  expect(r.status).toBe(201);
  return r.json.id;
}

/** A simulated account, synced once. */
async function synced(): Promise<string> {
  const id = await created();
  expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
  return id;
}

const listedRow = (id: string) =>
  env.DB.prepare("SELECT * FROM accounts WHERE id = ?")
    .bind(id)
    .first<Record<string, string | number | null>>();

const rows = async (table: string, id: string) =>
  (
    await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`)
      .bind(id)
      .first<{ n: number }>()
  )?.n ?? 0;

const deposit = (txId: string, asset = "USDT", amount = "100") => ({
  txId,
  txType: "deposit",
  asset,
  amount,
  timestamp: new Date().toISOString(),
});

describe("registering", () => {
  it("registers a simulated account from a name and a provider alone", async () => {
    const r = await api("POST", "/v1/accounts", { body: { name: "x", provider: "simulated" } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ provider: "simulated", config: { seed: r.json.id } });
  });

  it("keeps the platform's id given as platformAccountId, answers it so, and lists it in D1", async () => {
    const r = await api("POST", "/v1/accounts", {
      body: { name: "x", provider: "manual", platformAccountId: "broker-7731" },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      id: expect.stringMatching(/^acct_/),
      platformAccountId: "broker-7731",
    });
    expect((await api("GET", `/v1/accounts/${r.json.id}`)).json.platformAccountId).toBe(
      "broker-7731",
    );
    expect(await listedRow(r.json.id)).toMatchObject({ platform_account_id: "broker-7731" });
  });

  it("refuses the platform's id under its old name, accountId", async () => {
    const r = await api("POST", "/v1/accounts", {
      body: { name: "x", provider: "manual", accountId: "broker-7731" },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("VALIDATION_FAILED");
  });

  it("answers 409 naming the account when the owner registers a wallet twice", async () => {
    const address = randomAddress();
    const first = await created(walletBody([address]));
    const again = await api("POST", "/v1/accounts", {
      body: walletBody([randomAddress(), address.toUpperCase().replace("0X", "0x")]),
    });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: "CONFLICT",
      details: { reason: "ALREADY_REGISTERED", accountId: first },
    });
    expect(again.json.error.message).toContain(first);
  });
});

describe("PATCH /v1/accounts/:id", () => {
  it("changes the name and metadata, answers the account, and lists it so", async () => {
    const id = await created();
    const r = await api("PATCH", `/v1/accounts/${id}`, {
      body: { name: "Renamed", metadata: { desk: "arb" }, syncIntervalSeconds: 120 },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id,
      name: "Renamed",
      metadata: { desk: "arb" },
      syncIntervalSeconds: 120,
    });
    expect(await listedRow(id)).toMatchObject({ name: "Renamed", metadata: '{"desk":"arb"}' });
    expect((await api("GET", `/v1/accounts/${id}`)).json.name).toBe("Renamed");
  });

  it("refuses a field it does not know", async () => {
    const id = await created();
    const r = await api("PATCH", `/v1/accounts/${id}`, { body: { provider: "binance" } });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("VALIDATION_FAILED");
  });

  it("refuses to change what identifies the account, saying to register a new one", async () => {
    const id = await created(walletBody([randomAddress()]));
    const r = await api("PATCH", `/v1/accounts/${id}`, {
      body: { config: { chainId: 1, confirmations: 3 } },
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringMatching(/chainId cannot change.*Register a new account/),
      details: { reason: "IMMUTABLE_CONFIG", fields: ["chainId"] },
    });
    expect(JSON.parse(String((await listedRow(id))?.config)).confirmations).toBe(0);
  });
});

describe("deactivating and activating", () => {
  it("leaves the portfolio, and reads its balances as inactive", async () => {
    const id = await synced();
    const r = await api("POST", `/v1/accounts/${id}/deactivate`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ active: false, sync: { nextRunAt: null } });
    expect((await listedRow(id))?.active).toBe(0);
    const balances = await api("GET", `/v1/accounts/${id}/balances`);
    expect(balances.status).toBe(200);
    expect(balances.json.active).toBe(false);
    const portfolio = await api("GET", "/v1/portfolio?base=USD");
    expect(portfolio.json.accounts.map((a: { accountId: string }) => a.accountId)).not.toContain(
      id,
    );
  });

  it("answers trade checks, holds and syncs on an inactive account with 409 ACCOUNT_INACTIVE", async () => {
    const id = await synced();
    await api("POST", `/v1/accounts/${id}/deactivate`);
    for (const [method, path, body] of [
      [
        "POST",
        "/v1/trades/check",
        { accountId: id, side: "buy", base: "BTC", quote: "USDT", quantity: "0.001", price: "1" },
      ],
      ["POST", `/v1/accounts/${id}/reservations`, { asset: "USDT", amount: "1" }],
      ["POST", `/v1/accounts/${id}/sync`, undefined],
    ] as const) {
      const r = await api(method, path, body === undefined ? {} : { body });
      expect(r.status, path).toBe(409);
      expect(r.json.error).toMatchObject({
        code: "CONFLICT",
        details: { reason: "ACCOUNT_INACTIVE", accountId: id },
      });
    }
  });

  it("activates it again with a sync due now, back in the portfolio", async () => {
    const id = await synced();
    await api("POST", `/v1/accounts/${id}/deactivate`);
    const before = Date.now();
    const r = await api("POST", `/v1/accounts/${id}/activate`);
    expect(r.status).toBe(200);
    expect(r.json.active).toBe(true);
    expect(Date.parse(r.json.sync.nextRunAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(r.json.sync.nextRunAt)).toBeLessThanOrEqual(Date.now());
    expect((await listedRow(id))?.active).toBe(1);
    const portfolio = await api("GET", "/v1/portfolio?base=USD");
    expect(portfolio.json.accounts.map((a: { accountId: string }) => a.accountId)).toContain(id);
  });
});

describe("DELETE /v1/accounts/:id", () => {
  it("answers 204, and every route on the id answers 404 afterwards", async () => {
    const id = await synced();
    const r = await api("DELETE", `/v1/accounts/${id}`);
    expect(r.status).toBe(204);
    const routes: [string, string, unknown?][] = [
      ["GET", `/v1/accounts/${id}`],
      ["PATCH", `/v1/accounts/${id}`, { name: "gone" }],
      ["DELETE", `/v1/accounts/${id}`],
      ["POST", `/v1/accounts/${id}/deactivate`],
      ["POST", `/v1/accounts/${id}/activate`],
      ["POST", `/v1/accounts/${id}/sync`],
      ["GET", `/v1/accounts/${id}/balances`],
      ["GET", `/v1/accounts/${id}/transactions`],
      ["POST", `/v1/accounts/${id}/transactions`, deposit("after-delete")],
      ["POST", `/v1/accounts/${id}/transactions/after-delete/void`],
      ["POST", `/v1/accounts/${id}/reservations`, { asset: "USDT", amount: "1" }],
      ["GET", `/v1/accounts/${id}/reservations`],
      [
        "POST",
        "/v1/trades/check",
        { accountId: id, side: "buy", base: "BTC", quote: "USDT", quantity: "0.001", price: "1" },
      ],
    ];
    for (const [method, path, body] of routes) {
      const res = await api(method, path, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.error.code).toBe("NOT_FOUND");
    }
    const list = await api("GET", "/v1/accounts?limit=100");
    expect(list.json.data.map((a: { id: string }) => a.id)).not.toContain(id);
    // the row left its owner; its history stays in D1
    expect((await listedRow(id))?.owner_id).toBe("deleted:default");
    expect(await rows("transactions", id)).toBeGreaterThan(0);
  });

  it("with purge=true also removes its transactions and balance history", async () => {
    const id = await synced();
    expect(await rows("transactions", id)).toBeGreaterThan(0);
    expect((await api("DELETE", `/v1/accounts/${id}?purge=true`)).status).toBe(204);
    expect(await rows("transactions", id)).toBe(0);
    expect(await rows("balances", id)).toBe(0);
    expect(await listedRow(id)).toBeNull();
  });

  it("lets the owner register the same wallet again, under a new id", async () => {
    const address = randomAddress();
    const first = await created(walletBody([address]));
    expect((await api("DELETE", `/v1/accounts/${first}`)).status).toBe(204);
    const again = await created(walletBody([address]));
    expect(again).not.toBe(first);
  });
});

describe("POST /v1/accounts/:id/transactions/:txId/void", () => {
  it("answers the row marked void, and the balances lose the fill", async () => {
    const id = await synced();
    const before = (await api("GET", `/v1/accounts/${id}/balances`)).json;
    const recorded = await api("POST", `/v1/accounts/${id}/transactions`, {
      body: deposit("void-me"),
    });
    const r = await api("POST", `/v1/accounts/${id}/transactions/void-me/void`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: recorded.json.id,
      txId: "void-me",
      metadata: { void: true },
    });
    const after = (await api("GET", `/v1/accounts/${id}/balances`)).json;
    expect(after.balances).toEqual(before.balances);
    expect(after.version).toBeGreaterThan(before.version);
  });

  it("answers the same voided row when voided twice", async () => {
    const id = await synced();
    await api("POST", `/v1/accounts/${id}/transactions`, { body: deposit("twice") });
    const first = await api("POST", `/v1/accounts/${id}/transactions/twice/void`);
    const second = await api("POST", `/v1/accounts/${id}/transactions/twice/void`);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
  });

  it("answers 409 for a row read from the platform and 404 for a txId nobody recorded", async () => {
    const id = await synced();
    const page = await api("GET", `/v1/accounts/${id}/transactions?limit=1`);
    const synced_ = page.json.data[0].txId as string;
    const platform = await api(
      "POST",
      `/v1/accounts/${id}/transactions/${encodeURIComponent(synced_)}/void`,
    );
    expect(platform.status).toBe(409);
    expect(platform.json.error.details.reason).toBe("NOT_A_RECORDED_FILL");
    const unknown = await api("POST", `/v1/accounts/${id}/transactions/nobody/void`);
    expect(unknown.status).toBe(404);
  });
});

describe("a manual account", () => {
  async function ledger(): Promise<string> {
    const id = await created({ name: "Broker", provider: "manual", config: { currency: "USD" } });
    const at = new Date(Date.now() - 60_000).toISOString();
    for (const body of [
      { ...deposit("open-usd", "USD", "5000"), timestamp: at },
      { ...deposit("open-eth", "ETH", "2"), timestamp: at },
      {
        txId: "buy-eth",
        txType: "buy",
        asset: "ETH",
        amount: "1",
        price: "3000",
        quoteAsset: "USD",
        quoteAmount: "3000",
        timestamp: at,
      },
    ])
      expect((await api("POST", `/v1/accounts/${id}/transactions`, { body })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 5));
    expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
    return id;
  }

  const amounts = async (id: string) =>
    (await api("GET", `/v1/accounts/${id}/balances`)).json.balances.map(
      (b: { asset: string; amount: string }) => [b.asset, b.amount],
    );

  it("has the balances its recorded deposits and buy add up to, and checks trades against them", async () => {
    const id = await ledger();
    expect(await amounts(id)).toEqual([
      ["ETH", "3"],
      ["USD", "2000"],
    ]);
    const check = await api("POST", "/v1/trades/check", {
      body: {
        accountId: id,
        side: "sell",
        base: "ETH",
        quote: "USD",
        quantity: "4",
        price: "3000",
      },
    });
    expect(check.status).toBe(200);
    expect(check.json).toMatchObject({ ok: false, available: { asset: "ETH", amount: "3" } });
  });

  it("reverses a voided buy", async () => {
    const id = await ledger();
    expect((await api("POST", `/v1/accounts/${id}/transactions/buy-eth/void`)).status).toBe(200);
    expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
    expect(await amounts(id)).toEqual([
      ["ETH", "2"],
      ["USD", "5000"],
    ]);
  });
});

import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, simulatedAccountBody } from "./http.js";

/**
 * What a request could have stored: accounts, and the transactions recorded through the API
 * (a background sync of the test's simulated account writes `sync` rows whenever it runs, so
 * those are not counted: they would race the comparison).
 */
async function counts() {
  const a = await env.DB.prepare("SELECT count(*) AS n FROM accounts").first<number>("n");
  const t = await env.DB.prepare(
    "SELECT count(*) AS n FROM transactions WHERE source IN ('api', 'pending')",
  ).first<number>("n");
  return { accounts: a, transactions: t };
}

function expectEnvelope(r: Awaited<ReturnType<typeof api>>, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.json).toEqual({
    error: expect.objectContaining({
      code,
      message: expect.any(String),
      requestId: r.headers.get("x-request-id"),
    }),
  });
  expect(r.json.error.requestId).toMatch(/.+/);
}

let accountId: string;
beforeAll(async () => {
  const r = await api("POST", "/v1/accounts", { body: simulatedAccountBody(3) });
  expect(r.status).toBe(201);
  accountId = r.json.id;
});

describe("authentication and scopes", () => {
  it("rejects a request without an API key", async () => {
    expectEnvelope(await api("GET", "/v1/accounts", { token: null }), 401, "UNAUTHORIZED");
  });

  it("rejects an unknown API key", async () => {
    const r = await api("GET", "/v1/accounts", {
      token: null,
      headers: { authorization: "Bearer pm_not_a_real_key_000000" },
    });
    expectEnvelope(r, 401, "UNAUTHORIZED");
  });

  it("refuses a read-only key on routes that need trade or admin", async () => {
    const before = await counts();
    expectEnvelope(
      await api("POST", "/v1/accounts", { token: "read", body: simulatedAccountBody(1) }),
      403,
      "FORBIDDEN",
    );
    const check = { accountId, side: "buy", base: "BTC", quote: "USDT", quantity: "1", price: "1" };
    expectEnvelope(
      await api("POST", "/v1/trades/check", { token: "read", body: check }),
      403,
      "FORBIDDEN",
    );
    expectEnvelope(
      await api("POST", `/v1/accounts/${accountId}/sync`, { token: "read" }),
      403,
      "FORBIDDEN",
    );
    expect(await counts()).toEqual(before);
  });

  it("lets a trade key check trades but not register accounts", async () => {
    const check = { accountId, side: "buy", base: "BTC", quote: "USDT", quantity: "1", price: "1" };
    expect((await api("POST", "/v1/trades/check", { token: "trade", body: check })).status).toBe(
      200,
    );
    expectEnvelope(
      await api("POST", "/v1/accounts", { token: "trade", body: simulatedAccountBody(1) }),
      403,
      "FORBIDDEN",
    );
  });

  it("serves health and the OpenAPI document without a key", async () => {
    expect((await api("GET", "/health", { token: null })).json).toEqual({ status: "ok", d1: "ok" });
    const doc = await api("GET", "/openapi.json", { token: null });
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining([
        "/v1/accounts",
        "/v1/accounts/{id}/transactions",
        "/v1/portfolio",
        "/v1/trades/check",
      ]),
    );
    expect(doc.json.components.schemas).toHaveProperty("Error");
  });
});

describe("owners", () => {
  it("hides an account from another owner's key on every route", async () => {
    const opts = { token: "other" as const };
    expectEnvelope(await api("GET", `/v1/accounts/${accountId}`, opts), 404, "NOT_FOUND");
    expectEnvelope(await api("GET", `/v1/accounts/${accountId}/balances`, opts), 404, "NOT_FOUND");
    expectEnvelope(
      await api("GET", `/v1/accounts/${accountId}/transactions`, opts),
      404,
      "NOT_FOUND",
    );
    expectEnvelope(await api("POST", `/v1/accounts/${accountId}/sync`, opts), 404, "NOT_FOUND");
    expectEnvelope(
      await api("POST", `/v1/accounts/${accountId}/reservations`, {
        ...opts,
        body: { asset: "USDT", amount: "1" },
      }),
      404,
      "NOT_FOUND",
    );
    const check = { accountId, side: "buy", base: "BTC", quote: "USDT", quantity: "1", price: "1" };
    expectEnvelope(
      await api("POST", "/v1/trades/check", { ...opts, body: check }),
      404,
      "NOT_FOUND",
    );
    const list = await api("GET", "/v1/accounts", opts);
    expect(list.json.data.map((a: { id: string }) => a.id)).not.toContain(accountId);
    const portfolio = await api("GET", "/v1/portfolio", opts);
    expect(portfolio.json.accounts.map((a: { accountId: string }) => a.accountId)).not.toContain(
      accountId,
    );
  });
});

describe("bad input changes nothing", () => {
  const cases: [string, () => ReturnType<typeof api>, number, string][] = [
    [
      "malformed JSON",
      () => api("POST", "/v1/accounts", { rawBody: '{"name": "x",' }),
      400,
      "BAD_REQUEST",
    ],
    [
      "a body that is not JSON at all",
      () => api("POST", "/v1/accounts", { rawBody: "name=x" }),
      400,
      "BAD_REQUEST",
    ],
    [
      "a missing content type",
      () =>
        api("POST", "/v1/accounts", { rawBody: "{}", headers: { "content-type": "text/plain" } }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "an unknown field",
      () => api("POST", "/v1/accounts", { body: { ...simulatedAccountBody(1), colour: "red" } }),
      400,
      "VALIDATION_FAILED",
    ],
    [
      "a missing field",
      () => api("POST", "/v1/accounts", { body: { provider: "simulated", config: {} } }),
      400,
      "VALIDATION_FAILED",
    ],
    [
      "an unknown provider",
      () =>
        api("POST", "/v1/accounts", { body: { ...simulatedAccountBody(1), provider: "kraken" } }),
      400,
      "VALIDATION_FAILED",
    ],
    [
      "an invalid provider config",
      () =>
        api("POST", "/v1/accounts", {
          body: { ...simulatedAccountBody(1), config: { assets: ["NOPE"] } },
        }),
      400,
      "VALIDATION_FAILED",
    ],
    ["an unknown route", () => api("GET", "/v1/nope"), 404, "NOT_FOUND"],
  ];

  it.each(cases)("answers %s with the envelope", async (_label, call, status, code) => {
    const before = await counts();
    expectEnvelope(await call(), status, code);
    expect(await counts()).toEqual(before);
  });

  it("names the field and says floats are refused when an amount is a JSON number", async () => {
    const r = await api("POST", "/v1/trades/check", {
      body: { accountId, side: "buy", base: "BTC", quote: "USDT", quantity: 0.1, price: "100" },
    });
    expectEnvelope(r, 400, "VALIDATION_FAILED");
    expect(r.json.error.details.issues).toEqual([
      { path: "quantity", message: expect.stringMatching(/decimal string/) },
    ]);
  });

  it.each([
    ["zero", "0"],
    ["negative", "-1"],
    ["an exponent", "1e3"],
  ])("rejects a %s quantity", async (_label, quantity) => {
    const r = await api("POST", "/v1/trades/check", {
      body: { accountId, side: "buy", base: "BTC", quote: "USDT", quantity, price: "100" },
    });
    expectEnvelope(r, 400, "VALIDATION_FAILED");
  });

  it("rejects a recorded transaction with a float amount or a negative fee, storing nothing", async () => {
    const tx = {
      txId: "bad-1",
      txType: "buy",
      asset: "BTC",
      amount: "0.1",
      price: "100",
      quoteAsset: "USDT",
      quoteAmount: "10",
      timestamp: new Date().toISOString(),
    };
    const before = await counts();
    expectEnvelope(
      await api("POST", `/v1/accounts/${accountId}/transactions`, { body: { ...tx, amount: 0.1 } }),
      400,
      "VALIDATION_FAILED",
    );
    expectEnvelope(
      await api("POST", `/v1/accounts/${accountId}/transactions`, {
        body: { ...tx, fee: "-1", feeAsset: "USDT" },
      }),
      400,
      "VALIDATION_FAILED",
    );
    expectEnvelope(
      await api("POST", `/v1/accounts/${accountId}/transactions`, {
        body: { ...tx, quoteAsset: undefined },
      }),
      400,
      "VALIDATION_FAILED",
    );
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for an account that does not exist, on every per-account route", async () => {
    const ghost = "acct_00000000000000000000";
    expectEnvelope(await api("GET", `/v1/accounts/${ghost}`), 404, "NOT_FOUND");
    expectEnvelope(await api("GET", `/v1/accounts/${ghost}/balances`), 404, "NOT_FOUND");
    expectEnvelope(await api("GET", `/v1/accounts/${ghost}/transactions`), 404, "NOT_FOUND");
    expectEnvelope(await api("POST", `/v1/accounts/${ghost}/sync`), 404, "NOT_FOUND");
    const check = {
      accountId: ghost,
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "1",
      price: "1",
    };
    expectEnvelope(await api("POST", "/v1/trades/check", { body: check }), 404, "NOT_FOUND");
  });

  it("answers 400 for a malformed account id and a foreign cursor", async () => {
    expectEnvelope(await api("GET", "/v1/accounts/not-an-id"), 400, "VALIDATION_FAILED");
    expectEnvelope(
      await api("GET", `/v1/accounts/${accountId}/transactions?cursor=abc`),
      400,
      "VALIDATION_FAILED",
    );
    expectEnvelope(
      await api("GET", `/v1/accounts/${accountId}/transactions?type=gift`),
      400,
      "VALIDATION_FAILED",
    );
    expectEnvelope(
      await api("GET", `/v1/accounts/${accountId}/transactions?sort=asc`),
      400,
      "VALIDATION_FAILED",
    );
  });
});

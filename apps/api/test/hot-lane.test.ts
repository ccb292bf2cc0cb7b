import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { testApiTokens } from "@portfolio/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import { hotMatch } from "../src/hot-lane/hot-routes.js";
import worker from "../src/index.js";
import { api, simulatedAccountBody, type TokenName } from "./http.js";

// The hot lane serves the bots' balance read and trade check without the router. Each case
// here is sent twice: once in the plain shape the hot lane takes, once in a shape only the app
// takes (an empty query; a `+json` media type), and both answers must be the same: status,
// error code and message, headers, body (request ids aside).

const BASE = "https://api.test";

interface Sent {
  method: "GET" | "POST";
  path: string;
  token: TokenName | null;
  body?: string;
}

function request(s: Sent, lane: "hot" | "app"): Request {
  const headers: Record<string, string> = { "x-request-id": "bot-req-42" };
  if (s.token) headers.authorization = `Bearer ${testApiTokens[s.token]}`;
  if (s.body !== undefined)
    headers["content-type"] = lane === "hot" ? "application/json" : "application/vnd.bot+json";
  const path = lane === "app" && s.method === "GET" ? `${s.path}?` : s.path;
  return new Request(`${BASE}${path}`, {
    method: s.method,
    headers,
    ...(s.body !== undefined ? { body: s.body } : {}),
  });
}

async function answer(s: Sent, lane: "hot" | "app") {
  const req = request(s, lane);
  // the case really takes the lane it is meant to
  expect(hotMatch(req) !== null).toBe(lane === "hot");
  const res = await SELF.fetch(req);
  const json = (await res.json()) as Record<string, unknown>;
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    etag: res.headers.get("etag"),
    requestId: res.headers.get("x-request-id"),
    json,
  };
}

async function expectSameAnswer(s: Sent, status: number) {
  const hot = await answer(s, "hot");
  const app = await answer(s, "app");
  expect(hot.status).toBe(status);
  expect(hot).toEqual(app);
  expect(hot.requestId).toBe("bot-req-42");
  return hot;
}

describe("the hot lane's rate limit", () => {
  it("counts before the scope check and answers 429 with Retry-After", async () => {
    // this file's own limit of 2 a minute, for a key no other test here sends to the worker
    const limited = { ...env, RATE_LIMIT_PER_MINUTE: "2" as Env["RATE_LIMIT_PER_MINUTE"] };
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const req = new Request(`${BASE}/v1/accounts/acct_0000000000000000zzzz/balances`, {
        headers: { authorization: `Bearer ${testApiTokens.admin}` },
      });
      expect(hotMatch(req)).not.toBeNull();
      const ctx = createExecutionContext();
      last = await worker.fetch(req, limited, ctx);
      await waitOnExecutionContext(ctx);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([403, 403, 429]);
    const seconds = Number(last?.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});

describe("the hot lane answers exactly as the app does", () => {
  let id: string;
  const check = (over: Record<string, unknown> = {}): string =>
    JSON.stringify({
      accountId: id,
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "0.001",
      price: "60000",
      ...over,
    });

  beforeAll(async () => {
    const created = await api("POST", "/v1/accounts", { body: simulatedAccountBody(6) });
    expect(created.status).toBe(201);
    id = created.json.id;
    expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
  });

  it("reads balances with their ETag", async () => {
    const a = await expectSameAnswer(
      { method: "GET", path: `/v1/accounts/${id}/balances`, token: "read" },
      200,
    );
    expect(a.etag).toBe(`"${a.json.version}"`);
    expect(a.contentType).toBe("application/json");
  });

  it("checks a trade", async () => {
    const a = await expectSameAnswer(
      { method: "POST", path: "/v1/trades/check", token: "trade", body: check() },
      200,
    );
    expect(a.json.ok).toBe(true);
    expect(a.contentType).toBe("application/json");
  });

  it.each([
    ["no key", null, 401, "UNAUTHORIZED"],
    ["a key without the scope", "admin", 403, "FORBIDDEN"],
    ["another owner's key", "other", 404, "NOT_FOUND"],
  ] as const)("refuses %s on a balance read", async (_, token, status, code) => {
    const a = await expectSameAnswer(
      { method: "GET", path: `/v1/accounts/${id}/balances`, token },
      status,
    );
    expect((a.json.error as { code: string }).code).toBe(code);
  });

  it.each([
    ["no key", null, () => check(), 401, "UNAUTHORIZED"],
    ["a read-only key", "read", () => check(), 403, "FORBIDDEN"],
    ["another owner's account", "other", () => check(), 404, "NOT_FOUND"],
    [
      "an unknown account",
      "trade",
      () => check({ accountId: "acct_0000000000000000zzzz" }),
      404,
      "NOT_FOUND",
    ],
    ["a missing field", "trade", () => check({ price: undefined }), 400, "VALIDATION_FAILED"],
    ["an unknown field", "trade", () => check({ leverage: "10" }), 400, "VALIDATION_FAILED"],
    [
      "an amount with 41 digits",
      "trade",
      () => check({ quantity: "1".repeat(41) }),
      400,
      "VALIDATION_FAILED",
    ],
    ["a NUL in a string", "trade", () => check({ base: "BT\u0000C" }), 400, "VALIDATION_FAILED"],
    ["a body that is not JSON", "trade", (): string => "{", 400, "BAD_REQUEST"],
    ["an empty body", "trade", (): string => "", 400, "BAD_REQUEST"],
  ] as const)("refuses %s on a trade check", async (_, token, body, status, code) => {
    const a = await expectSameAnswer(
      { method: "POST", path: "/v1/trades/check", token, body: body() },
      status,
    );
    expect((a.json.error as { code: string }).code).toBe(code);
  });

  it("leaves a balance read with a query to the app, which refuses the parameter", async () => {
    const req = new Request(`${BASE}/v1/accounts/${id}/balances?asset=BTC`, {
      headers: { authorization: `Bearer ${testApiTokens.read}` },
    });
    expect(hotMatch(req)).toBeNull();
    expect((await SELF.fetch(req)).status).toBe(400);
  });

  it("caps a streamed body without Content-Length at 64 KiB in both lanes", async () => {
    const big = new TextEncoder().encode(check({ pad: "x".repeat(70_000) }));
    const answers: { status: number; error: { code: string; message: string } }[] = [];
    for (const type of ["application/json", "application/vnd.bot+json"]) {
      const req = new Request(`${BASE}/v1/trades/check`, {
        method: "POST",
        headers: { authorization: `Bearer ${testApiTokens.trade}`, "content-type": type },
        body: new ReadableStream({
          start(c) {
            c.enqueue(big.subarray(0, 40_000));
            c.enqueue(big.subarray(40_000));
            c.close();
          },
        }),
      });
      expect(req.headers.has("content-length")).toBe(false);
      expect(hotMatch(req) !== null).toBe(type === "application/json");
      const res = await SELF.fetch(req);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      answers.push({ status: res.status, error: { code: error.code, message: error.message } });
    }
    expect(answers[0]).toEqual({
      status: 413,
      error: { code: "PAYLOAD_TOO_LARGE", message: "the request body is over 65536 bytes" },
    });
    expect(answers[1]).toEqual(answers[0]);
  });
});

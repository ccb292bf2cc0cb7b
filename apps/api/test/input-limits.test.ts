import { env, listDurableObjectIds, SELF } from "cloudflare:test";
import { accountClient } from "@portfolio/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { api, simulatedAccountBody } from "./http.js";

let accountId: string;

/**
 * What a fill could have stored: the transactions recorded through the API and the accounts
 * (not the balances' version or the synced rows: the account's background sync changes those
 * whenever it runs, which would race the comparison).
 */
async function count() {
  const t = await env.DB.prepare(
    "SELECT count(*) AS n FROM transactions WHERE source IN ('api', 'pending')",
  ).first<number>("n");
  const a = await env.DB.prepare("SELECT count(*) AS n FROM accounts").first<number>("n");
  return { t, a };
}

/** What is stored, once the fills already answered have reached D1 (they go behind the answer). */
async function stored() {
  let last = await count();
  for (let i = 0; i < 40; i++) {
    await new Promise((res) => setTimeout(res, 25));
    const now = await count();
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error("the stored state never settled");
}

function fill(overrides: Record<string, unknown>) {
  return {
    txId: `limits-${Math.random()}`,
    txType: "deposit",
    asset: "USDT",
    amount: "1",
    timestamp: new Date().toISOString(),
    ...overrides,
  };
}

async function expectRefused(body: unknown, field: string, status = 400) {
  const before = await stored();
  const r = await api("POST", `/v1/accounts/${accountId}/transactions`, { body });
  expect(r.status).toBe(status);
  expect(r.json.error.message).toContain(field);
  expect(await stored()).toEqual(before);
}

beforeAll(async () => {
  const r = await api("POST", "/v1/accounts", { body: simulatedAccountBody(2) });
  accountId = r.json.id;
});

describe("amounts: at most 40 significant digits and 36 decimals, refused beyond, never rounded", () => {
  it("accepts an amount of exactly 40 significant digits and 36 decimals", async () => {
    const amount = "1234.567890123456789012345678901234567891"; // 4 + 36 digits
    const r = await api("POST", `/v1/accounts/${accountId}/transactions`, {
      body: fill({ amount }),
    });
    expect(r.status).toBe(201);
    expect(r.json.amount).toBe(amount);
    const decimals = `0.${"1".repeat(36)}`;
    const d = await api("POST", `/v1/accounts/${accountId}/transactions`, {
      body: fill({ amount: decimals }),
    });
    expect(d.status).toBe(201);
    expect(d.json.amount).toBe(decimals);
  });

  it("refuses 41 significant digits", async () => {
    await expectRefused(fill({ amount: `1${"0".repeat(40)}` }), "significant digits, got 41");
  });

  it("refuses 37 decimals", async () => {
    await expectRefused(fill({ amount: `0.${"0".repeat(36)}1` }), "decimals, got 37");
  });

  it("refuses a 100-digit quantity in a trade check", async () => {
    const r = await api("POST", "/v1/trades/check", {
      body: {
        accountId,
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "9".repeat(100),
        price: "1",
      },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("significant digits");
  });

  it("answers balances whose sums need every digit after many long fills", async () => {
    const big = `${"9".repeat(39)}.9`;
    for (const txId of ["long-1", "long-2", "long-3"]) {
      const r = await api("POST", `/v1/accounts/${accountId}/transactions`, {
        body: fill({ txId, amount: big, asset: "LONG" }),
      });
      expect(r.status).toBe(201);
    }
    const tiny = `0.${"0".repeat(35)}1`;
    expect(
      (
        await api("POST", `/v1/accounts/${accountId}/transactions`, {
          body: fill({ txId: "long-4", amount: tiny, asset: "LONG" }),
        })
      ).status,
    ).toBe(201);
    const balances = await api("GET", `/v1/accounts/${accountId}/balances`);
    expect(balances.status).toBe(200);
    // 3 × (10^39 − 0.1) + 10^−36, written out by hand
    expect(balances.json.balances.find((b: { asset: string }) => b.asset === "LONG").free).toBe(
      `2${"9".repeat(38)}9.7${"0".repeat(34)}1`,
    );
    expect((await api("GET", "/v1/portfolio?base=USD")).status).toBe(200);
  });
});

describe("times: between 2009-01-03 and a day after now", () => {
  it("refuses a fill dated in year 1", async () => {
    await expectRefused(fill({ timestamp: "0001-01-01T00:00:00Z" }), "2009-01-03");
  });

  it("refuses a fill dated two days ahead", async () => {
    const ahead = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await expectRefused(fill({ timestamp: ahead }), "a day after now");
  });

  it("refuses a history query from year 9999", async () => {
    const r = await api("GET", "/v1/portfolio/history?to=9999-01-01T00:00:00Z");
    expect(r.status).toBe(400);
  });
});

describe("strings: no NUL bytes or lone surrogates anywhere in a JSON body", () => {
  it("refuses a NUL byte in metadata", async () => {
    await expectRefused(fill({ metadata: { note: "a\u0000b" } }), "NUL");
  });

  it("refuses a lone surrogate in a key", async () => {
    const raw = JSON.stringify(fill({})).replace('"txId"', '"tx\\ud800Id"');
    const r = await api("POST", `/v1/accounts/${accountId}/transactions`, { rawBody: raw });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("lone surrogates");
  });

  it("keeps a well-formed pair of surrogates (an emoji)", async () => {
    const r = await api("POST", `/v1/accounts/${accountId}/transactions`, {
      body: fill({ metadata: { note: "🚀" } }),
    });
    expect(r.status).toBe(201);
    expect(r.json.metadata.note).toBe("🚀");
  });
});

describe("bodies are capped before they are read", () => {
  it("refuses a streamed body without Content-Length once it passes 64 KiB", async () => {
    const chunk = new TextEncoder().encode(`{"pad":"${"x".repeat(70 * 1024)}"}`);
    const body = new ReadableStream({
      start(c) {
        c.enqueue(chunk);
        c.close();
      },
    });
    const r = await SELF.fetch(`https://api.test/v1/accounts/${accountId}/transactions`, {
      method: "POST",
      headers: {
        authorization: "Bearer pm_test_all_0000000000000000000000",
        "content-type": "application/json",
      },
      body,
    });
    expect(r.headers.get("content-length")).toBeNull();
    expect(r.status).toBe(413);
  });

  it("refuses a webhook over 1 MiB with 413 before checking its signature", async () => {
    const r = await api("POST", "/webhooks/alchemy", {
      token: null,
      rawBody: JSON.stringify({ pad: "x".repeat(1024 * 1024) }),
      headers: { "x-alchemy-signature": "0".repeat(64) },
    });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("methods and parameters", () => {
  it("answers 405 with Allow for a method the path does not take", async () => {
    const r = await api("PUT", "/v1/accounts");
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(r.json.error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("answers 400 for a repeated parameter", async () => {
    const r = await api("GET", "/v1/accounts?limit=1&limit=2");
    expect(r.status).toBe(400);
  });
});

describe("unknown account ids", () => {
  it("never wake a Durable Object: ownership is checked first", async () => {
    const ghost = "acct_0000000000000000ghost0000";
    const ghostId = env.ACCOUNT.idFromName(ghost);
    const r = await api("GET", `/v1/accounts/${ghost}/balances`);
    expect(r.status).toBe(404);
    const ids = (await listDurableObjectIds(env.ACCOUNT)).map((i) => i.toString());
    expect(ids).not.toContain(ghostId.toString());
    // the probe can see a woken object: asking one directly lists it
    const probe = "acct_0000000000000000probe0000";
    await accountClient(env.ACCOUNT, probe).describe("default");
    const after = (await listDurableObjectIds(env.ACCOUNT)).map((i) => i.toString());
    expect(after).toContain(env.ACCOUNT.idFromName(probe).toString());
  });

  it("answers another owner's id, tag and all, with 404", async () => {
    const r = await api("GET", `/v1/accounts/${accountId}`, { token: "other" });
    expect(r.status).toBe(404);
  });
});

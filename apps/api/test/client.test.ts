import { SELF } from "cloudflare:test";
import { createPortfolioClient } from "@portfolio/client";
import { testApiTokens } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";

// the typed client (packages/client) against the API itself: what the README's example does
const client = createPortfolioClient({
  baseUrl: "https://api.test",
  apiKey: testApiTokens.all,
  fetch: (req) => SELF.fetch(req),
});

describe("the typed client", () => {
  it("registers an account, reads its balances, checks a trade and records a fill", async () => {
    const created = await client.POST("/v1/accounts", {
      body: {
        name: "client",
        provider: "simulated",
        config: { seed: "client-test", start: new Date(Date.now() - 48 * 3_600_000).toISOString() },
      },
    });
    expect(created.response.status).toBe(201);
    const id = created.data?.id as string;
    await client.POST("/v1/accounts/{id}/sync", { params: { path: { id } } });

    const balances = await client.GET("/v1/accounts/{id}/balances", { params: { path: { id } } });
    const usdt = balances.data?.balances.find((b) => b.asset === "USDT");
    expect(Number(usdt?.available)).toBeGreaterThan(0);

    const check = await client.POST("/v1/trades/check", {
      body: {
        accountId: id,
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: "0.0001",
        price: "10",
      },
    });
    expect(check.data?.ok).toBe(true);

    const fill = await client.POST("/v1/accounts/{id}/transactions", {
      params: { path: { id } },
      body: {
        txId: "client-fill-1",
        txType: "buy",
        asset: "BTC",
        amount: "0.0001",
        price: "10",
        quoteAsset: "USDT",
        quoteAmount: "0.001",
        timestamp: new Date().toISOString(),
      },
    });
    expect(fill.response.status).toBe(201);
    expect(fill.data?.txId).toBe("client-fill-1");
  });

  it("answers the error envelope, typed, for an account that is not there", async () => {
    const r = await client.GET("/v1/accounts/{id}", {
      params: { path: { id: "acct_00000000000000000000" } },
    });
    expect(r.response.status).toBe(404);
    expect(r.error?.error.code).toBe("NOT_FOUND");
  });
});

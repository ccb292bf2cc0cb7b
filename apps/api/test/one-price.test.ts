import { env } from "cloudflare:test";
import { Dec, formatAmount } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";

const DAY = 86_400_000;

async function ticker(symbol: string): Promise<string> {
  const r = await fetch(`${env.FAKE_BINANCE_URL}/api/v3/ticker/price?symbol=${symbol}`);
  return ((await r.json()) as { price: string }).price;
}

/** Two simulated accounts of their own seeds: each prices BTC with its own model when it syncs. */
let created: Promise<string[]> | null = null;
function twoAccounts(): Promise<string[]> {
  created ??= (async () => {
    const start = new Date(Date.now() - 3 * DAY).toISOString();
    const ids: string[] = [];
    for (const seed of ["one-price-a", "one-price-b"]) {
      const r = await api("POST", "/v1/accounts", {
        body: { name: seed, provider: "simulated", config: { seed, start } },
      });
      expect(r.status).toBe(201);
      expect((await api("POST", `/v1/accounts/${r.json.id}/sync`)).status).toBe(200);
      ids.push(r.json.id);
    }
    return ids;
  })();
  return created;
}

/** The accounts' BTC, summed exactly from their own balances. */
async function btcHeld(ids: string[]): Promise<Dec> {
  let sum = new Dec(0);
  for (const id of ids) {
    const r = await api("GET", `/v1/accounts/${id}/balances`);
    const btc = r.json.balances.find((b: { asset: string }) => b.asset === "BTC");
    sum = sum.add(new Dec(btc?.amount ?? "0"));
  }
  return sum;
}

describe("one price per asset across accounts", () => {
  it("values the BTC of two accounts at the price service's one price in the portfolio", async () => {
    const ids = await twoAccounts();
    const held = await btcHeld(ids);
    expect(held.gt(0)).toBe(true);
    const r = await api("GET", "/v1/portfolio?base=USD");
    expect(r.status).toBe(200);
    const btc = r.json.assets.find((a: { asset: string }) => a.asset === "BTC");
    // the local Binance's BTCUSDT ticker, USDT at par with USD
    expect(btc.value).toBe(formatAmount(held.mul(await ticker("BTCUSDT"))));
  });

  it("values the same BTC at the same price in the balance totals", async () => {
    const ids = await twoAccounts();
    const held = await btcHeld(ids);
    const r = await api("GET", "/v1/balances?base=USD");
    expect(r.status).toBe(200);
    const btc = r.json.totals.find((t: { asset: string }) => t.asset === "BTC");
    expect(btc.value).toBe(formatAmount(held.mul(await ticker("BTCUSDT"))));
  });
});

import { env, runInDurableObject } from "cloudflare:test";
import { priceStub } from "@portfolio/sync";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";

// The price service against the local Binance: expected prices are read from the stand-in's
// own ticker and klines endpoints here and multiplied in the test.

async function ticker(symbol: string): Promise<number> {
  const r = await fetch(`${env.FAKE_BINANCE_URL}/api/v3/ticker/price?symbol=${symbol}`);
  return Number(((await r.json()) as { price: string }).price);
}

describe("GET /v1/prices", () => {
  it("prices BTC in EUR through USDT from the tickers, with each hop's source", async () => {
    const r = await api("GET", "/v1/prices?assets=BTC&base=EUR");
    expect(r.status).toBe(200);
    const [btc] = r.json.prices;
    // BTCUSDT ÷ EURUSDT, as the stand-in quotes them
    expect(Number(btc.price)).toBeCloseTo((await ticker("BTCUSDT")) / (await ticker("EURUSDT")), 6);
    expect(
      btc.path.map(
        (h: { from: string; to: string; source: string }) => `${h.from}>${h.to}:${h.source}`,
      ),
    ).toEqual(["BTC>USDT:binance:ticker", "USDT>EUR:binance:ticker"]);
    expect(btc.assumed).toBe(0);
  });

  it("reaches USD through a dollar stablecoin at par, and says that it is an assumption", async () => {
    const r = await api("GET", "/v1/prices?assets=BTC,USDT&base=USD");
    const [btc] = r.json.prices;
    expect(Number(btc.price)).toBeCloseTo(await ticker("BTCUSDT"), 6);
    expect(btc.assumed).toBe(1);
    expect(btc.path.at(-1)).toMatchObject({ from: "USDT", to: "USD", source: "par", price: "1" });
  });

  it("prices USDC from its market against USDT once one is listed, not at par", async () => {
    const r = await api("GET", "/v1/prices?assets=USDC&base=USD");
    const [usdc] = r.json.prices;
    // the local Binance's USDCUSDT ticker (a few hundredths of a percent off 1) times USDT at par
    expect(usdc.price).toBe(String(await ticker("USDCUSDT")));
    expect(usdc.price).not.toBe("1");
    expect(usdc.path.map((h: { source: string }) => h.source)).toEqual(["binance:ticker", "par"]);
  });

  it("lists an asset no pair reaches as unpriced, never at zero", async () => {
    const r = await api("GET", "/v1/prices?assets=BTC,NOSUCHCOIN&base=USDT");
    expect(r.json.unpriced).toEqual(["NOSUCHCOIN"]);
    expect(r.json.prices.map((p: { asset: string }) => p.asset)).toEqual(["BTC"]);
  });

  it("refuses a base no pair reaches with 400, naming the bases that are reachable", async () => {
    const r = await api("GET", "/v1/prices?assets=BTC&base=XAU");
    expect(r.status).toBe(400);
    expect(r.json.error.details.reachable).toEqual(
      expect.arrayContaining(["USD", "EUR", "GBP", "BTC", "ETH"]),
    );
  });

  it("prices a past moment from the last hourly candle closed before it, stored in D1", async () => {
    const at = Date.now() - 10 * 86_400_000;
    const r = await api("GET", `/v1/prices?assets=BTC&base=USDT&at=${new Date(at).toISOString()}`);
    expect(r.status).toBe(200);
    const [btc] = r.json.prices;
    // the close of the 1h candle that closed last before `at`, as the stand-in's klines say
    const hourOpen = Math.floor(at / 3_600_000) * 3_600_000 - 3_600_000;
    const k = (await (
      await fetch(
        `${env.FAKE_BINANCE_URL}/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${hourOpen}&limit=1`,
      )
    ).json()) as string[][];
    expect(btc.price).toBe(String(Number(k[0]?.[4])));
    expect(btc.path[0]).toMatchObject({
      source: "binance:1h",
      at: new Date(hourOpen + 3_600_000 - 1).toISOString(),
    });
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM price_candles WHERE base = 'BTC' AND quote = 'USDT' AND interval = '1h'",
    ).first<{ n: number }>();
    expect(stored?.n).toBeGreaterThan(0);
  });

  it("refuses a moment in the future and a malformed asset list", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api("GET", `/v1/prices?assets=BTC&at=${future}`)).status).toBe(400);
    expect((await api("GET", "/v1/prices?assets=")).status).toBe(400);
  });

  it("keeps the weight it used in its own storage, where the next object after an eviction reads it", async () => {
    expect((await api("GET", "/v1/prices?assets=ETH&base=BTC")).status).toBe(200);
    const saved = await runInDurableObject(priceStub(env.PRICES), (_i, state) =>
      state.storage.get<{ used: { api: { used: number } } }>("binance:limits"),
    );
    // the stand-in's used-weight header, as the client read it: at least the tickers' 4
    expect(saved?.used.api.used).toBeGreaterThanOrEqual(4);
  });
});

// The local Binance, proven against an independent client: the npm `ccxt` package's Binance
// class (its own signing, parameters and parsing) reads markets, balances (spot and funding),
// trades, deposits, withdrawals and transfers from it, and what it gets back is what the stand-in
// holds.
import ccxt from "ccxt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, type FakeBinance, startFakeBinance } from "./server.ts";

let fake: FakeBinance;
let exchange: InstanceType<typeof ccxt.binance>;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "ccxt", trades: 300, fillerBases: 5 });
  exchange = new ccxt.binance({
    apiKey: DEFAULT_API_KEY.key,
    secret: DEFAULT_API_KEY.secret,
    enableRateLimit: false,
    // spot only, and no margin pair lists: the stand-in serves the spot account
    options: { fetchMarkets: { types: ["spot"] }, fetchCurrencies: false, fetchMargins: false },
  });
  // every Binance API family ccxt knows, pointed at the stand-in
  const api = exchange.urls.api as Record<string, string>;
  for (const key of Object.keys(api)) {
    const path = new URL(api[key] as string).pathname;
    api[key] = `${fake.url}${path}`;
  }
}, 60_000);
afterAll(() => fake.close());

describe("ccxt's Binance against the local Binance", () => {
  it("loads the spot markets exchangeInfo lists, with their filters as precision and limits", async () => {
    const markets = await exchange.loadMarkets();
    const btc = markets["BTC/USDT"];
    const listed = fake.account.listed.find((s) => s.symbol === "BTCUSDT");
    if (!btc || !listed) throw new Error("BTC/USDT missing");
    expect(btc.spot).toBe(true);
    expect(Object.values(markets).filter((m) => m?.spot).length).toBe(fake.account.listed.length);
    // ccxt reads the filters: tickSize as price precision, stepSize as amount precision,
    // the minimum notional as the minimum cost
    expect(btc.precision.price).toBe(Number(listed.tickSize));
    expect(btc.precision.amount).toBe(Number(listed.stepSize));
    expect(btc.limits.cost?.min).toBe(Number(listed.minNotional));
  });

  it("reads the spot and the funding balances the stand-in holds", async () => {
    const spot = await exchange.fetchBalance();
    for (const [asset, b] of fake.account.spot) {
      expect(spot[asset]?.free, asset).toBe(Number(b.free));
      expect(spot[asset]?.used, asset).toBe(Number(b.locked));
    }
    const funding = await exchange.fetchBalance({ type: "funding" });
    for (const [asset, b] of fake.account.funding)
      expect(funding[asset]?.free, asset).toBe(Number(b.free));
  });

  it("reads a symbol's trades, the same ids and amounts", async () => {
    const [symbol, trades] = [...fake.account.trades].find(([, t]) => t.length > 0) ?? [];
    if (!symbol || !trades) throw new Error("no trades");
    const market = Object.values(exchange.markets ?? {}).find((m) => m?.id === symbol);
    if (!market) throw new Error(`no market ${symbol}`);
    const got = await exchange.fetchMyTrades(market.symbol, undefined, 1000, { fromId: 0 });
    expect(got.map((t) => t.id)).toEqual(trades.slice(0, 1000).map((t) => String(t.id)));
    expect(got[0]?.amount).toBe(Number(trades[0]?.qty));
  });

  it("reads deposits and withdrawals in Binance's 90-day windows, with their statuses", async () => {
    const since = fake.account.start;
    const deposits = [];
    const withdrawals = [];
    for (let from = since; from < Date.now(); from += 89 * 86_400_000) {
      const until = Math.min(from + 89 * 86_400_000 - 1, Date.now());
      deposits.push(...(await exchange.fetchDeposits(undefined, from, 1000, { endTime: until })));
      withdrawals.push(
        ...(await exchange.fetchWithdrawals(undefined, from, 1000, { endTime: until })),
      );
    }
    expect(deposits.map((d) => d.id).sort()).toEqual(fake.account.deposits.map((d) => d.id).sort());
    expect(withdrawals.map((w) => w.id).sort()).toEqual(
      fake.account.withdrawals.map((w) => w.id).sort(),
    );
    // ccxt's own status mapping: the pending deposit, the rejected withdrawal
    expect(deposits.filter((d) => d.status === "pending")).toHaveLength(1);
    expect(withdrawals.filter((w) => w.status === "failed")).toHaveLength(1);
  });

  it("reads the universal transfers into futures and margin", async () => {
    const transfers = await exchange.fetchTransfers(undefined, undefined, undefined, {
      type: "MAIN_UMFUTURE",
    });
    expect(transfers.map((t) => [t.currency, t.amount, t.status])).toEqual([["USDT", 500, "ok"]]);
  });

  it("reads the system status, the trading fees and 24-hour tickers for a list of symbols", async () => {
    expect((await exchange.fetchStatus()).status).toBe("ok");
    const fees = await exchange.fetchTradingFees();
    expect(fees["BTC/USDT"]).toMatchObject({
      maker: Number(fake.account.commission.maker),
      taker: Number(fake.account.commission.taker),
    });
    const tickers = await exchange.fetchTickers(["BTC/USDT", "ETH/USDT"]);
    expect(Object.keys(tickers).sort()).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(tickers["BTC/USDT"]?.last).toBe(Number(fake.account.prices.get("BTCUSDT")));
  });
});

import { binanceRoutes } from "../binance-routes.ts";
import { symbolJson } from "../exchange-info.ts";
import { klinesRoute } from "../klines.ts";
import { listedSymbol, symbolsParam } from "../listed-symbols.ts";
import { DAY } from "../route-kit.ts";

/** Market data: the server's time, what is listed, tickers and candles (all public). */
export const marketRoutes = binanceRoutes({
  "/api/v3/klines": klinesRoute,
  "/api/v3/time": {
    weight: 1,
    bucket: "api",
    signed: false,
    method: "GET",
    handle: ({ now }) => ({ serverTime: now }),
  },
  "/api/v3/exchangeInfo": {
    weight: 20,
    bucket: "api",
    signed: false,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const one = q.get("symbol");
      const symbols = one
        ? [listedSymbol(fake, one)]
        : fake.account.listed.filter((s) => !fake.delisted.has(s.symbol));
      return {
        timezone: "UTC",
        serverTime: now,
        rateLimits: [
          {
            rateLimitType: "REQUEST_WEIGHT",
            interval: "MINUTE",
            intervalNum: 1,
            limit: fake.weights.limits.requestWeight,
          },
          { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 50 },
          { rateLimitType: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 61000 },
        ],
        exchangeFilters: [],
        symbols: symbols.map(symbolJson),
      };
    },
  },
  "/api/v3/ticker/price": {
    // 2 for one symbol; 4 for all, or a `symbols` list (a JSON array)
    weight: (q) => (q.has("symbol") ? 2 : 4),
    bucket: "api",
    signed: false,
    method: "GET",
    handle: ({ q, fake }) => {
      const one = q.get("symbol");
      if (one)
        return { symbol: listedSymbol(fake, one).symbol, price: fake.account.prices.get(one) };
      return symbolsParam(fake, q).map((s) => ({
        symbol: s.symbol,
        price: fake.account.prices.get(s.symbol),
      }));
    },
  },
  // rest-api.md "24hr ticker price change statistics": 2 for a symbol, 80 for all; with
  // `symbols`, 2 each up to 20, 40 up to 100, 80 beyond
  "/api/v3/ticker/24hr": {
    weight: (q) => {
      if (q.has("symbol")) return 2;
      const n = q.has("symbols")
        ? (JSON.parse(q.get("symbols") as string) as unknown[]).length
        : Infinity;
      return n <= 20 ? 2 * n : n <= 100 ? 40 : 80;
    },
    bucket: "api",
    signed: false,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const one = q.get("symbol");
      const stats = (s: { symbol: string }) => {
        const last = fake.account.prices.get(s.symbol) ?? "0";
        return {
          symbol: s.symbol,
          priceChange: "0.00000000",
          priceChangePercent: "0.000",
          weightedAvgPrice: last,
          prevClosePrice: last,
          lastPrice: last,
          lastQty: "0.00000000",
          bidPrice: last,
          bidQty: "1.00000000",
          askPrice: last,
          askQty: "1.00000000",
          openPrice: last,
          highPrice: last,
          lowPrice: last,
          volume: "0.00000000",
          quoteVolume: "0.00000000",
          openTime: now - DAY,
          closeTime: now,
          firstId: -1,
          lastId: -1,
          count: 0,
        };
      };
      if (one) return stats(listedSymbol(fake, one));
      return symbolsParam(fake, q).map(stats);
    },
  },
  // wallet "System Status": 0 normal, 1 system maintenance
  "/sapi/v1/system/status": {
    weight: 1,
    bucket: "sapiIp",
    signed: false,
    method: "GET",
    handle: () => ({ status: 0, msg: "normal" }),
  },
});

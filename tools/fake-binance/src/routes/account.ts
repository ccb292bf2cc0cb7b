import { binanceRoutes } from "../binance-routes.ts";
import { listedSymbol, symbolsParam } from "../listed-symbols.ts";
import { bad, DAY, intParam, limitParam, mandatory } from "../route-kit.ts";
import { ACCOUNT_UID } from "../script.ts";

/** The account and its trades: balances, fees, trade history, futures and margin wallets. */
export const accountRoutes = binanceRoutes({
  // wallet "Trade Fee": the account's rates per symbol (all symbols without `symbol`)
  "/sapi/v1/asset/tradeFee": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      const one = q.get("symbol");
      const list = one ? [listedSymbol(fake, one)] : symbolsParam(fake, new URLSearchParams());
      return list.map((s) => ({
        symbol: s.symbol,
        makerCommission: fake.account.commission.maker,
        takerCommission: fake.account.commission.taker,
      }));
    },
  },
  "/api/v3/account": {
    weight: 20,
    bucket: "api",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake, apiKey }) => {
      const omitZero = q.get("omitZeroBalances") === "true";
      const balances = [...fake.account.spot]
        .map(([asset, b]) => ({ asset, free: b.free, locked: b.locked }))
        .filter((b) => !omitZero || Number(b.free) + Number(b.locked) > 0);
      return {
        // in basis points × 100 (15 = 0.15%), and as rates
        makerCommission: Math.round(Number(fake.account.commission.maker) * 10_000),
        takerCommission: Math.round(Number(fake.account.commission.taker) * 10_000),
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: {
          maker: fake.account.commission.maker,
          taker: fake.account.commission.taker,
          buyer: "0.00000000",
          seller: "0.00000000",
        },
        canTrade: true,
        canWithdraw: true,
        canDeposit: true,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: now - 60_000,
        accountType: "SPOT",
        balances,
        permissions: ["SPOT"],
        uid: apiKey?.uid ?? ACCOUNT_UID,
      };
    },
  },
  // rest-api.md "Query Commission Rates": the account's rates for one symbol, weight 20
  "/api/v3/account/commission": {
    weight: 20,
    bucket: "api",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      if (!q.get("symbol")) throw mandatory("symbol");
      const symbol = listedSymbol(fake, q.get("symbol")).symbol;
      const zero = "0.00000000";
      const rates = (maker: string, taker: string) => ({ maker, taker, buyer: zero, seller: zero });
      return {
        symbol,
        standardCommission: rates(fake.account.commission.maker, fake.account.commission.taker),
        specialCommission: rates(zero, zero),
        taxCommission: rates(zero, zero),
        discount: {
          enabledForAccount: true,
          enabledForSymbol: true,
          discountAsset: "BNB",
          discount: "0.75000000",
        },
      };
    },
  },
  "/api/v3/myTrades": {
    weight: (q) => (q.has("orderId") ? 5 : 20),
    bucket: "api",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      if (!q.get("symbol")) throw mandatory("symbol");
      const symbol = listedSymbol(fake, q.get("symbol")).symbol;
      const limit = limitParam(q, 500, 1000);
      const fromId = intParam(q, "fromId");
      const orderId = intParam(q, "orderId");
      const s = intParam(q, "startTime");
      const e = intParam(q, "endTime");
      const timed = s !== undefined || e !== undefined;
      if ((fromId !== undefined && timed) || (orderId !== undefined && timed))
        throw bad(-1128, "Combination of optional parameters invalid.");
      if (s !== undefined && e !== undefined && e - s > DAY)
        throw bad(-1127, "More than 24 hours between startTime and endTime.");
      let list = fake.account.trades.get(symbol) ?? [];
      if (orderId !== undefined) list = list.filter((t) => t.orderId === orderId);
      if (fromId !== undefined) return list.filter((t) => t.id >= fromId).slice(0, limit);
      if (s !== undefined)
        return list.filter((t) => t.time >= s && t.time <= (e ?? s + DAY)).slice(0, limit);
      if (e !== undefined)
        return list.filter((t) => t.time <= e && t.time >= e - DAY).slice(-limit);
      return list.slice(-limit);
    },
  },
  // USDⓈ-M futures: its own API (fapi.binance.com), weight 5, its own 2400 a minute
  "/fapi/v2/balance": {
    weight: 5,
    bucket: "fapi",
    signed: true,
    method: "GET",
    handle: ({ now, fake }) =>
      [...fake.account.futures].map(([asset, balance]) => ({
        accountAlias: "SgsR",
        asset,
        balance,
        crossWalletBalance: balance,
        crossUnPnl: "0.00000000",
        availableBalance: balance,
        maxWithdrawAmount: balance,
        marginAvailable: true,
        updateTime: now - 60_000,
      })),
  },
  "/sapi/v1/margin/account": {
    weight: 10,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ fake }) => ({
      borrowEnabled: true,
      marginLevel: "999.00000000",
      totalAssetOfBtc: "0.00000000",
      totalLiabilityOfBtc: "0.00000000",
      totalNetAssetOfBtc: "0.00000000",
      tradeEnabled: true,
      transferInEnabled: true,
      transferOutEnabled: true,
      userAssets: [...fake.account.margin].map(([asset, free]) => ({
        asset,
        borrowed: "0.00000000",
        free,
        interest: "0.00000000",
        locked: "0.00000000",
        netAsset: free,
      })),
    }),
  },
});

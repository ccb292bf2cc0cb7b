/** A listed symbol with the filters Binance publishes (filters.md). */
export interface SymbolInfo {
  symbol: string;
  status: "TRADING" | "BREAK" | "HALT";
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  stepSize: string;
  minNotional: string;
  /** MIN_NOTIONAL (legacy) or NOTIONAL */
  notionalFilter: "MIN_NOTIONAL" | "NOTIONAL";
}

export function symbolJson(s: SymbolInfo) {
  const notional =
    s.notionalFilter === "NOTIONAL"
      ? {
          filterType: "NOTIONAL",
          minNotional: s.minNotional,
          applyMinToMarket: true,
          maxNotional: "9000000.00000000",
          applyMaxToMarket: false,
          avgPriceMins: 5,
        }
      : {
          filterType: "MIN_NOTIONAL",
          minNotional: s.minNotional,
          applyToMarket: true,
          avgPriceMins: 5,
        };
  return {
    symbol: s.symbol,
    status: s.status,
    baseAsset: s.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: s.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
    icebergAllowed: true,
    ocoAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      {
        filterType: "PRICE_FILTER",
        minPrice: s.tickSize,
        maxPrice: "1000000.00000000",
        tickSize: s.tickSize,
      },
      {
        filterType: "LOT_SIZE",
        minQty: s.stepSize,
        maxQty: "9000000.00000000",
        stepSize: s.stepSize,
      },
      notional,
    ],
    permissions: [],
    permissionSets: [["SPOT"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
  };
}

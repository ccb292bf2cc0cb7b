export type WeightBucket = "api" | "sapiIp" | "sapiUid" | "fapi";

/** One REST endpoint: its path and method, its weight and the limit bucket it is charged to. */
export interface Endpoint {
  path: string;
  method: "GET" | "POST";
  weight: number;
  bucket: WeightBucket;
  signed: boolean;
}

/** The header in which Binance reports each bucket's weight used this minute. */
export const USED_HEADER: Record<WeightBucket, string> = {
  api: "x-mbx-used-weight-1m",
  sapiIp: "x-sapi-used-ip-weight-1m",
  sapiUid: "x-sapi-used-uid-weight-1m",
  fapi: "x-mbx-used-weight-1m",
};

export const EP = {
  exchangeInfo: {
    path: "/api/v3/exchangeInfo",
    method: "GET",
    weight: 20,
    bucket: "api",
    signed: false,
  },
  tickers: { path: "/api/v3/ticker/price", method: "GET", weight: 4, bucket: "api", signed: false },
  account: { path: "/api/v3/account", method: "GET", weight: 20, bucket: "api", signed: true },
  commission: {
    path: "/api/v3/account/commission",
    method: "GET",
    weight: 20,
    bucket: "api",
    signed: true,
  },
  myTrades: { path: "/api/v3/myTrades", method: "GET", weight: 20, bucket: "api", signed: true },
  funding: {
    path: "/sapi/v1/asset/get-funding-asset",
    method: "POST",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  futures: { path: "/fapi/v2/balance", method: "GET", weight: 5, bucket: "fapi", signed: true },
  pay: {
    path: "/sapi/v1/pay/transactions",
    method: "GET",
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
  },
  p2p: {
    path: "/sapi/v1/c2c/orderMatch/listUserOrderHistory",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  margin: {
    path: "/sapi/v1/margin/account",
    method: "GET",
    weight: 10,
    bucket: "sapiIp",
    signed: true,
  },
  deposits: {
    path: "/sapi/v1/capital/deposit/hisrec",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  withdrawals: {
    path: "/sapi/v1/capital/withdraw/history",
    method: "GET",
    weight: 18000,
    bucket: "sapiUid",
    signed: true,
  },
  dust: {
    path: "/sapi/v1/asset/dribblet",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  dividends: {
    path: "/sapi/v1/asset/assetDividend",
    method: "GET",
    weight: 10,
    bucket: "sapiIp",
    signed: true,
  },
  converts: {
    path: "/sapi/v1/convert/tradeFlow",
    method: "GET",
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
  },
} as const satisfies Record<string, Endpoint>;

export const TRADES_PAGE = 1000;
/** rows a fiat history page holds at most (`rows` ≤ 500) */
export const FIAT_PAGE = 500;
/** rows a Simple Earn history page holds at most (`size` ≤ 100) */
export const EARN_PAGE = 100;
/**
 * the windowed streams whose endpoints cost SAPI UID weight: withdrawals 18,000, fiat orders
 * 45,000, converts and Pay 3,000
 */
export const COSTLY_STREAMS = [
  "withdrawals",
  "converts",
  "pay",
  "fiatDeposits",
  "fiatWithdrawals",
] as const;
/** how far back Binance keeps Pay history (18 months) */
export const PAY_HISTORY_MS = 540 * 86_400_000;

/** A listed symbol as exchangeInfo gives it. */
export interface RawSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  filters: { filterType: string; [k: string]: unknown }[];
}

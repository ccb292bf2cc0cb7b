import { createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Decimal } from "decimal.js";
import type { ScriptedAccount } from "./account-types.ts";
import { earnFiatRoutes } from "./earn-fiat-routes.ts";
import { symbolJson } from "./exchange-info.ts";
import { klinesRoute } from "./klines.ts";
import { executeFill, type FillRequest, positionEvent } from "./live-fill.ts";
import {
  BinanceError,
  bad,
  DAY,
  intParam,
  limitParam,
  mandatory,
  type Route,
  window,
} from "./route-kit.ts";
import { scriptAccount } from "./script.ts";
import { BINANCE_LIMITS, type Bucket, headerFor, type Limits, WeightBook } from "./weights.ts";
import { attachWsApi, type StreamSettings, type WsApi } from "./ws-api.ts";

export interface ApiKeyConfig {
  key: string;
  /** HMAC secret */
  secret?: string;
  /** Ed25519 public key, PEM (SPKI) */
  ed25519PublicKey?: string;
  /** the account `uid` this key's account answer names (default: the scripted account's) */
  uid?: number;
}

export interface FakeBinanceOptions {
  seed?: string;
  /** the account's clock; history ends a day before it */
  now?: () => number;
  apiKeys?: ApiKeyConfig[];
  limits?: Partial<Limits>;
  port?: number;
  /** let the process exit while the server is still open (tests) */
  unref?: boolean;
  /** scripted account size: trades, listings without a walk, and days of history (700) */
  trades?: number;
  fillerBases?: number;
  days?: number;
  /** the WebSocket API's ping interval, pong timeout and connection lifetime (Binance's by default) */
  stream?: Partial<StreamSettings>;
}

export interface Faults {
  /** the next n requests answer 503 */
  fail5xx: number;
  /** the next n requests answer 200 with a cut-off body */
  malformed: number;
  /** every request waits this long */
  slowMs: number;
  /** server time = real time + skew */
  clockSkewMs: number;
  /** when set, 5xx and malformed faults hit only requests signed with this API key */
  onlyKey: string | null;
}

export interface FakeBinance {
  url: string;
  port: number;
  account: ScriptedAccount;
  weights: WeightBook;
  faults: Faults;
  delisted: Set<string>;
  /** the WebSocket API at /ws-api/v3 and its user data stream */
  ws: WsApi;
  /** every request, with the API key it named (null for public ones) */
  requests: { path: string; status: number; weight: number; bucket: Bucket; key: string | null }[];
  close(): Promise<void>;
}

export const DEFAULT_API_KEY: ApiKeyConfig = {
  key: "fakeBinanceKey000000000000000000000000000000000000000000000000000",
  secret: "fakeBinanceSecret00000000000000000000000000000000000000000000000",
};

/** the scripted account's uid, as GET /api/v3/account names it */
const ACCOUNT_UID = 354937868;

/** Deposit and withdrawal history: a window under 90 days, newest first, offset/limit paged, by coin. */
function capitalHistory<T extends { coin: string; id: string; status: number; txId: string }>(
  q: URLSearchParams,
  now: number,
  rows: T[],
  timeOf: (r: T) => number,
): T[] {
  const [start, end] = window(q, now, 90 * DAY, "90 days");
  const limit = limitParam(q, 1000, 1000);
  const offset = intParam(q, "offset") ?? 0;
  const coin = q.get("coin");
  const status = intParam(q, "status");
  const txId = q.get("txId");
  // withdraw/history's idList: at most 50 comma-separated ids
  const ids = q.get("idList")?.split(",").filter(Boolean);
  if (ids && ids.length > 50) throw bad(-1100, "Illegal characters found in parameter 'idList'.");
  return rows
    .filter(
      (r) =>
        timeOf(r) >= start &&
        timeOf(r) <= end &&
        (!coin || r.coin === coin) &&
        (status === undefined || r.status === status) &&
        (!txId || r.txId === txId) &&
        (!ids || ids.includes(r.id)),
    )
    .sort((a, b) => timeOf(b) - timeOf(a))
    .slice(offset, offset + limit);
}

/** The listed symbols a `symbols=["A","B"]` parameter names (-1121 for one not listed), or all. */
function symbolsParam(fake: FakeBinance, q: URLSearchParams) {
  const listed = fake.account.listed.filter((s) => !fake.delisted.has(s.symbol));
  const raw = q.get("symbols");
  if (raw === null) return listed;
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch {
    throw bad(-1100, "Illegal characters found in parameter 'symbols'.");
  }
  if (!Array.isArray(names)) throw bad(-1100, "Illegal characters found in parameter 'symbols'.");
  return names.map((n) => listedSymbol(fake, String(n)));
}

function listedSymbol(fake: FakeBinance, symbol: string | null) {
  const s = symbol
    ? fake.account.listed.find((x) => x.symbol === symbol && !fake.delisted.has(x.symbol))
    : undefined;
  if (!s) throw bad(-1121, "Invalid symbol.");
  return s;
}

const routes: Record<string, Route> = {
  ...earnFiatRoutes,
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
  "/sapi/v1/capital/deposit/hisrec": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) =>
      capitalHistory(q, now, fake.account.deposits, (d) => d.insertTime),
  },
  "/sapi/v1/capital/withdraw/history": {
    weight: 18000,
    bucket: "sapiUid",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) =>
      capitalHistory(q, now, fake.account.withdrawals, (w) => w.time).map(
        ({ time: _time, ...w }) => w,
      ),
  },
  "/sapi/v1/asset/dribblet": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const [start, end] = window(q, now, 90 * DAY, "90 days");
      const rows = fake.account.dribblets.filter(
        (d) => d.operateTime >= start && d.operateTime <= end,
      );
      return { total: rows.length, userAssetDribblets: rows };
    },
  },
  "/sapi/v1/asset/assetDividend": {
    weight: 10,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const [start, end] = window(q, now, 180 * DAY, "180 days");
      const limit = limitParam(q, 20, 500);
      const rows = fake.account.dividends
        .filter((d) => d.divTime >= start && d.divTime <= end)
        .sort((a, b) => b.divTime - a.divTime);
      return { rows: rows.slice(0, limit), total: rows.length };
    },
  },
  "/sapi/v1/convert/tradeFlow": {
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      const s = intParam(q, "startTime");
      const e = intParam(q, "endTime");
      if (s === undefined) throw mandatory("startTime");
      if (e === undefined) throw mandatory("endTime");
      if (e - s > 30 * DAY) throw bad(-1127, "More than 30 days between startTime and endTime.");
      const limit = limitParam(q, 100, 1000);
      const rows = fake.account.converts.filter((c) => c.createTime >= s && c.createTime <= e);
      return {
        list: rows.slice(0, limit),
        startTime: s,
        endTime: e,
        limit,
        moreData: rows.length > limit,
      };
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
  // universal transfers: `type` required; `startTime`/`endTime`, `current` (page, from 1), `size` (≤100)
  "/sapi/v1/asset/transfer": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      const type = q.get("type");
      if (!type) throw mandatory("type");
      const current = intParam(q, "current") ?? 1;
      const size = Math.min(intParam(q, "size") ?? 10, 100);
      const start = intParam(q, "startTime") ?? 0;
      const endT = intParam(q, "endTime") ?? Number.MAX_SAFE_INTEGER;
      const rows = fake.account.transfers.filter(
        (t) => t.type === type && t.timestamp >= start && t.timestamp <= endT,
      );
      return { total: rows.length, rows: rows.slice((current - 1) * size, current * size) };
    },
  },
  // C2C (P2P) history: tradeType required; startTimestamp/endTimestamp at most 30 days apart
  // (the last 30 days without them); page from 1, rows ≤ 100
  "/sapi/v1/c2c/orderMatch/listUserOrderHistory": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const tradeType = q.get("tradeType");
      if (!tradeType) throw mandatory("tradeType");
      if (tradeType !== "BUY" && tradeType !== "SELL")
        throw bad(
          -1102,
          "Mandatory parameter 'tradeType' was not sent, was empty/null, or malformed.",
        );
      const end = intParam(q, "endTimestamp") ?? now;
      const start = intParam(q, "startTimestamp") ?? end - 30 * DAY;
      if (end - start > 30 * DAY)
        throw bad(-1127, "More than 30 days between startTimestamp and endTimestamp.");
      const page = intParam(q, "page") ?? 1;
      const rows = Math.min(intParam(q, "rows") ?? 100, 100);
      const all = fake.account.p2p
        .filter((o) => o.tradeType === tradeType && o.createTime >= start && o.createTime <= end)
        .sort((a, b) => b.createTime - a.createTime);
      return {
        code: "000000",
        message: "success",
        data: all.slice((page - 1) * rows, page * rows),
        total: all.length,
        success: true,
      };
    },
  },
  // Binance Pay history: weight 3000 (UID); startTime/endTime at most 90 days apart (the last 90
  // days without them), the last 18 months only; limit ≤ 100 (default 100), newest first
  "/sapi/v1/pay/transactions": {
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const end = intParam(q, "endTime") ?? now;
      const start = intParam(q, "startTime") ?? end - 90 * DAY;
      if (end - start > 90 * DAY)
        throw bad(-1127, "More than 90 days between startTime and endTime.");
      const limit = Math.min(intParam(q, "limit") ?? 100, 100);
      const oldest = now - 548 * DAY;
      const data = fake.account.pay
        .filter((t) => t.transactionTime >= Math.max(start, oldest) && t.transactionTime <= end)
        .sort((a, b) => b.transactionTime - a.transactionTime)
        .slice(0, limit);
      return { code: "000000", message: "success", data, success: true };
    },
  },
  "/sapi/v1/asset/get-funding-asset": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "POST",
    handle: ({ fake }) =>
      [...fake.account.funding].map(([asset, b]) => ({
        asset,
        free: b.free,
        locked: b.locked,
        freeze: b.freeze,
        withdrawing: "0",
        btcValuation: "0",
      })),
  },
};

/** Big ids (convert orderId) go out as bare JSON numbers beyond 2^53, as Binance sends them. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (k, v) =>
    k === "orderId" && typeof v === "string" ? `__BIG__${v}` : v,
  ).replace(/"__BIG__(\d+)"/g, "$1");
}

function checkSignature(
  key: ApiKeyConfig,
  edKey: KeyObject | null,
  rawQuery: string,
  body: string,
): boolean {
  // the signature may travel in the query or in a form-encoded body; it signs totalParams, the
  // query string followed by the body, without the signature itself
  const inQuery = /(?:^|&)signature=([^&]*)$/.exec(rawQuery);
  const inBody = inQuery ? null : /(?:^|&)signature=([^&]*)$/.exec(body);
  const m = inQuery ?? inBody;
  if (!m?.[1]) return false;
  const payload = inQuery ? rawQuery.slice(0, m.index) + body : rawQuery + body.slice(0, m.index);
  if (key.secret) {
    const expected = createHmac("sha256", key.secret).update(payload).digest("hex");
    const got = m[1].toLowerCase();
    return (
      got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected))
    );
  }
  if (edKey)
    return verify(
      null,
      Buffer.from(payload),
      edKey,
      Buffer.from(decodeURIComponent(m[1]), "base64"),
    );
  return false;
}

export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const realNow = opts.now ?? (() => Date.now());
  const keys = opts.apiKeys ?? [DEFAULT_API_KEY];
  const edKeys = new Map(
    keys.map((k) => [k.key, k.ed25519PublicKey ? createPublicKey(k.ed25519PublicKey) : null]),
  );
  const fake: FakeBinance = {
    url: "",
    port: 0,
    account: scriptAccount({
      seed: opts.seed ?? "binance",
      now: realNow(),
      trades: opts.trades,
      fillerBases: opts.fillerBases,
      days: opts.days,
    }),
    weights: new WeightBook({ ...BINANCE_LIMITS, ...opts.limits }),
    faults: { fail5xx: 0, malformed: 0, slowMs: 0, clockSkewMs: 0, onlyKey: null },
    delisted: new Set(),
    ws: null as unknown as WsApi,
    requests: [],
    close: async () => {},
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const raw = req.url ?? "/";
    const qi = raw.indexOf("?");
    const path = qi < 0 ? raw : raw.slice(0, qi);
    const rawQuery = qi < 0 ? "" : raw.slice(qi + 1);
    const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json;charset=UTF-8", ...headers });
      res.end(payload);
    };
    if (path.startsWith("/__admin/")) return admin(path, body, send);

    const route = routes[path];
    if (!route || route.method !== req.method)
      return send(404, toJson({ code: -1, msg: "Not found" }));
    const q = new URLSearchParams(`${rawQuery}&${body}`);
    const weight = typeof route.weight === "function" ? route.weight(q) : route.weight;
    const now = realNow() + fake.faults.clockSkewMs;
    const verdict = fake.weights.charge(route.bucket, weight, realNow());
    const usedHeaders: Record<string, string> = { [headerFor[route.bucket]]: String(verdict.used) };
    if (route.bucket === "api") usedHeaders["X-MBX-USED-WEIGHT"] = String(verdict.used);
    const sentKey = req.headers["x-mbx-apikey"];
    const log = (status: number) =>
      fake.requests.push({
        path,
        status,
        weight,
        bucket: route.bucket,
        key: typeof sentKey === "string" ? sentKey : null,
      });
    if (fake.faults.slowMs) await new Promise((r) => setTimeout(r, fake.faults.slowMs));
    if (!verdict.ok) {
      log(verdict.status);
      const msg =
        verdict.status === 418
          ? `Way too much request weight used; IP banned until ${verdict.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`
          : `Too much request weight used; current limit is ${fake.weights.limits.requestWeight} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;
      return send(verdict.status, toJson({ code: -1003, msg }), {
        ...usedHeaders,
        "Retry-After": String(verdict.retryAfterSec),
      });
    }
    const faulted =
      fake.faults.onlyKey === null || req.headers["x-mbx-apikey"] === fake.faults.onlyKey;
    if (faulted && fake.faults.fail5xx > 0) {
      fake.faults.fail5xx--;
      log(503);
      return send(
        503,
        toJson({
          code: -1008,
          msg: "Server is currently overloaded with other requests. Please try again in a few minutes.",
        }),
        usedHeaders,
      );
    }
    let apiKey: ApiKeyConfig | null = null;
    try {
      if (route.signed) {
        const keyId = req.headers["x-mbx-apikey"];
        if (typeof keyId !== "string" || keyId.length < 16)
          throw new BinanceError(401, -2014, "API-key format invalid.");
        const key = keys.find((k) => k.key === keyId);
        if (!key)
          throw new BinanceError(401, -2015, "Invalid API-key, IP, or permissions for action.");
        if (!q.get("signature")) throw mandatory("signature");
        if (!checkSignature(key, edKeys.get(key.key) ?? null, rawQuery, body))
          throw new BinanceError(400, -1022, "Signature for this request is not valid.");
        apiKey = key;
        const ts = q.get("timestamp");
        if (!ts || !/^\d+$/.test(ts)) throw mandatory("timestamp");
        const recvWindow = Number(q.get("recvWindow") ?? "5000");
        if (!(recvWindow > 0 && recvWindow <= 60000))
          throw bad(-1131, "recvWindow must be less than 60000");
        // milliseconds, or microseconds (Binance takes both: 16 digits are µs)
        const timestamp = ts.length >= 16 ? Number(ts) / 1000 : Number(ts);
        if (timestamp >= now + 1000)
          throw bad(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        if (now - timestamp > recvWindow)
          throw bad(-1021, "Timestamp for this request is outside of the recvWindow.");
      }
      const payload = toJson(route.handle({ q, now, fake, apiKey }));
      if (faulted && fake.faults.malformed > 0) {
        fake.faults.malformed--;
        log(200);
        return send(
          200,
          payload.slice(0, Math.max(1, Math.floor(payload.length / 2))),
          usedHeaders,
        );
      }
      log(200);
      return send(200, payload, usedHeaders);
    } catch (err) {
      if (!(err instanceof BinanceError)) throw err;
      log(err.status);
      return send(err.status, toJson({ code: err.code, msg: err.message }), usedHeaders);
    }
  }

  function admin(path: string, body: string, send: (s: number, p: string) => void): void {
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const now = realNow();
    switch (path) {
      case "/__admin/faults":
        Object.assign(fake.faults, input);
        send(200, toJson(fake.faults));
        return;
      case "/__admin/limits":
        Object.assign(fake.weights.limits, input);
        send(200, toJson(fake.weights.limits));
        return;
      case "/__admin/consume":
        fake.weights.consume((input.bucket as Bucket) ?? "api", Number(input.weight ?? 0), now);
        send(200, toJson({ used: fake.weights.current((input.bucket as Bucket) ?? "api", now) }));
        return;
      case "/__admin/new-window":
        // what the next minute boundary does: every bucket starts from zero
        fake.weights.newWindow();
        send(200, "{}");
        return;
      case "/__admin/summary": {
        const a = fake.account;
        send(
          200,
          toJson({
            start: a.start,
            trades: [...a.trades.values()].reduce((n, t) => n + t.length, 0),
            tradedSymbols: [...a.trades.keys()].sort(),
            // what moved a balance: credited deposits, completed withdrawals
            deposits: a.deposits.filter((d) => d.status === 1 || d.status === 6).length,
            withdrawals: a.withdrawals.filter((w) => w.status === 6).length,
            pendingDeposits: a.deposits.filter((d) => d.status === 0).map((d) => d.id),
            failedWithdrawals: a.withdrawals.filter((w) => [1, 3, 5].includes(w.status)).length,
            p2p: a.p2p.filter((o) => o.orderStatus === "COMPLETED").length,
            pay: a.pay.length,
            // fiat deposits and withdrawals that moved money, card and fiat-balance buys
            fiat: a.fiatOrders.filter((o) => o.status === "Successful" || o.status === "Finished")
              .length,
            cardBuys: a.fiatPayments.filter((p) => p.status === "Completed").length,
            earnRewards: a.earn.flexibleRewards.length + a.earn.lockedRewards.length,
            converts: a.converts.length,
            dust: a.dribblets.reduce((n, d) => n + d.userAssetDribbletDetails.length, 0),
            dividends: a.dividends.length,
            listed: a.listed.length - fake.delisted.size,
          }),
        );
        return;
      }
      case "/__admin/credit-deposit": {
        // a pending deposit is credited now: status 1, and its amount reaches the balance
        const d = fake.account.deposits.find((x) => x.id === String(input.id) && x.status === 0);
        if (!d) {
          send(404, toJson({ error: "no pending deposit with that id" }));
          return;
        }
        d.status = 1;
        d.completeTime = now;
        d.confirmTimes = "12/12";
        const wallet = d.walletType === 1 ? fake.account.funding : fake.account.spot;
        const cur = wallet.get(d.coin) ?? { free: "0", locked: "0", freeze: "0" };
        wallet.set(d.coin, { ...cur, free: new Decimal(cur.free).add(d.amount).toFixed(8) });
        // a spot deposit is pushed to the user data stream: the delta, then the new position
        if (d.walletType !== 1)
          fake.ws.emit(ACCOUNT_UID, [
            { e: "balanceUpdate", E: now, a: d.coin, d: new Decimal(d.amount).toFixed(8), T: now },
            positionEvent(fake.account, [d.coin], now),
          ]);
        send(200, toJson(d));
        return;
      }
      case "/__admin/fill": {
        // a market order of this account fills now: balances, myTrades and the user data stream
        const r = executeFill(fake.account, input as unknown as FillRequest, now);
        if (!r.ok) {
          send(400, toJson({ error: r.error }));
          return;
        }
        const emittedAt = Date.now();
        // `uid`: push to another account's subscriptions instead (a bench's floor relay)
        const uid = typeof input.uid === "number" ? input.uid : ACCOUNT_UID;
        // on the process's monotonic clock too, for a reader in the same process
        const emittedAtHr = performance.now();
        const delivered = fake.ws.emit(uid, r.events);
        send(200, toJson({ trade: r.trade, emittedAt, emittedAtHr, delivered }));
        return;
      }
      case "/__admin/drop-streams":
        // every WebSocket connection ends without a close frame, as a network failure would
        // with {"key": …}: only the connections subscribed with that API key
        send(
          200,
          toJson({
            dropped: fake.ws.dropAll(typeof input.key === "string" ? input.key : undefined),
          }),
        );
        return;
      case "/__admin/stream-settings":
        // applies to connections opened from now on
        Object.assign(fake.ws.settings, input);
        send(200, toJson(fake.ws.settings));
        return;
      case "/__admin/streams":
        // with {"key": …}: that key's open connections and subscriptions as well
        send(
          200,
          toJson({
            ...fake.ws.stats,
            ...(typeof input.key === "string" ? { key: fake.ws.statsOf(input.key) } : {}),
          }),
        );
        return;
      case "/__admin/unban":
        fake.weights.bannedUntil = 0;
        send(200, "{}");
        return;
      case "/__admin/undelist":
        fake.delisted.delete(String(input.symbol));
        send(200, toJson([...fake.delisted]));
        return;
      case "/__admin/delist":
        fake.delisted.add(String(input.symbol));
        send(200, toJson([...fake.delisted]));
        return;
      case "/__admin/stats": {
        const statuses: Record<string, number> = {};
        for (const r of fake.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        // with {"key": …} in the body: also how many requests named that API key
        // with {"path": …} as well: only those that went to that endpoint
        const onPath = (r: { path: string }) =>
          typeof input.path !== "string" || r.path === input.path;
        const byKey =
          typeof input.key === "string"
            ? {
                requestsWithKey: fake.requests.filter((r) => r.key === input.key && onPath(r))
                  .length,
              }
            : {};
        send(
          200,
          toJson({
            spent: fake.weights.spent,
            requests: fake.requests.length,
            statuses,
            ...byKey,
          }),
        );
        return;
      }
      case "/__admin/requests":
        // the last 50 requests: path, status and the API key they named
        send(200, toJson(fake.requests.slice(-50)));
        return;
      case "/__admin/reset-stats":
        fake.requests.length = 0;
        fake.weights.spent = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
        send(200, "{}");
        return;
      default:
        send(404, "{}");
        return;
    }
  }

  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      handle(req, res, body).catch((err: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            code: -1000,
            msg: `An unknown error occurred while processing the request. ${String(err)}`,
          }),
        );
      });
    });
  });
  fake.ws = attachWsApi(server, {
    keys: keys.map((k) => ({ key: k.key, secret: k.secret, uid: k.uid ?? ACCOUNT_UID })),
    edKeys,
    weights: fake.weights,
    now: () => realNow() + fake.faults.clockSkewMs,
    realNow,
    requestWeightLimit: () => fake.weights.limits.requestWeight,
  });
  Object.assign(fake.ws.settings, opts.stream);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  if (opts.unref) server.unref();
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  fake.close = () =>
    new Promise((resolve) => {
      fake.ws.close();
      server.close(() => resolve());
      // keep-alive clients (workerd) would otherwise hold the server open
      server.closeAllConnections();
    });
  return fake;
}

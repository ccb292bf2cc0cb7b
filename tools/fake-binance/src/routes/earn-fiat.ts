import { Decimal } from "decimal.js";
import type { ScriptedAccount } from "../account-types.ts";
import { binanceRoutes } from "../binance-routes.ts";
import { BinanceError, bad, DAY, intParam, mandatory, type Route } from "../route-kit.ts";

// The fiat and Simple Earn endpoints, with the weights, paging and windows Binance documents
// (fiat: developers.binance.com/docs/fiat/rest-api, weights as binance-connector-js's fiat
// client gives them since 2025-11: orders UID 45000, payments IP 1; Simple Earn: IP 150 each,
// `current`/`size` ≤ 100, history spans of at most 30 days, -6021 beyond).

/** fiat `page`/`rows` (≤ 500) and `beginTime`/`endTime` (the last 30 days when neither is sent) */
function fiatList<T extends { createTime: number; transactionType: 0 | 1 }>(
  q: URLSearchParams,
  now: number,
  rows: T[],
) {
  const type = q.get("transactionType");
  if (type !== "0" && type !== "1") throw mandatory("transactionType");
  const begin = intParam(q, "beginTime");
  const end = intParam(q, "endTime") ?? now;
  const start = begin ?? end - 30 * DAY;
  const page = intParam(q, "page") ?? 1;
  const size = intParam(q, "rows") ?? 100;
  if (page < 1 || size < 1 || size > 500)
    throw bad(-1130, "Invalid data sent for a parameter: rows must be 1..500.");
  const all = rows
    .filter(
      (r) => r.transactionType === Number(type) && r.createTime >= start && r.createTime <= end,
    )
    .sort((a, b) => b.createTime - a.createTime);
  const data = all.slice((page - 1) * size, page * size).map(({ transactionType, ...r }) => r);
  return { all, data };
}

/** Simple Earn `current`/`size` paging */
function earnPage<T>(q: URLSearchParams, rows: T[]) {
  const current = intParam(q, "current") ?? 1;
  const size = intParam(q, "size") ?? 10;
  if (current < 1 || size < 1 || size > 100)
    throw bad(-1130, "Invalid data sent for a parameter: size must be 1..100.");
  return { rows: rows.slice((current - 1) * size, current * size), total: rows.length };
}

/** a Simple Earn history window: at most 30 days (-6021), the last 30 days by default */
function earnWindow(q: URLSearchParams, now: number): [number, number] {
  const s = intParam(q, "startTime");
  const e = intParam(q, "endTime");
  const start = s ?? (e ?? now) - 30 * DAY;
  const end = e ?? (s !== undefined ? s + 30 * DAY : now);
  if (end - start > 30 * DAY) throw new BinanceError(400, -6021, "Query time range too large");
  return [start, end];
}

function history<T extends { time: number; asset?: unknown }>(
  pick: (a: ScriptedAccount) => T[],
  filter: (r: T, q: URLSearchParams) => boolean = () => true,
): Route {
  return {
    weight: 150,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const [start, end] = earnWindow(q, now);
      const asset = q.get("asset");
      const rows = pick(fake.account)
        .filter(
          (r) => r.time >= start && r.time <= end && (!asset || r.asset === asset) && filter(r, q),
        )
        .sort((a, b) => b.time - a.time);
      return earnPage(q, rows);
    },
  };
}

/** Fiat deposits, withdrawals and buys; Simple Earn positions and their history. */
export const earnFiatRoutes = binanceRoutes({
  "/sapi/v1/fiat/orders": {
    weight: 45_000,
    bucket: "sapiUid",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const { all, data } = fiatList(q, now, fake.account.fiatOrders);
      return { code: "000000", message: "success", data, total: all.length, success: true };
    },
  },
  "/sapi/v1/fiat/payments": {
    weight: 1,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, now, fake }) => {
      const { all, data } = fiatList(q, now, fake.account.fiatPayments);
      // with nothing to list, Binance leaves `data` out altogether (rotki's binance.py)
      return {
        code: "000000",
        message: "success",
        ...(data.length ? { data } : {}),
        total: all.length,
        success: true,
      };
    },
  },
  "/sapi/v1/simple-earn/flexible/position": {
    weight: 150,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      const asset = q.get("asset");
      const rows = fake.account.earn.flexiblePositions
        .filter((p) => !asset || p.asset === asset)
        .map((p) => ({
          totalAmount: p.totalAmount.toFixed(8),
          tierAnnualPercentageRate: { "0-5BTC": 0.05, "5-10BTC": 0.03 },
          latestAnnualPercentageRate: "0.02599895",
          asset: p.asset,
          canRedeem: true,
          collateralAmount: "0",
          productId: p.productId,
          yesterdayRealTimeRewards: "0.01000000",
          cumulativeBonusRewards: "0",
          cumulativeRealTimeRewards: "0.50000000",
          cumulativeTotalRewards: "0.50000000",
          autoSubscribe: true,
        }));
      return earnPage(q, rows);
    },
  },
  "/sapi/v1/simple-earn/locked/position": {
    weight: 150,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ q, fake }) => {
      const asset = q.get("asset");
      const rows = fake.account.earn.lockedPositions
        .filter((p) => !asset || p.asset === asset)
        .map((p) => ({
          positionId: p.positionId,
          projectId: p.projectId,
          asset: p.asset,
          amount: p.amount,
          purchaseTime: p.purchaseTime,
          duration: p.duration,
          accrualDays: "19",
          rewardAsset: p.asset,
          APY: "0.0365",
          rewardAmt: "0",
          nextPayDate: p.purchaseTime + 21 * DAY,
          payPeriod: "1",
          rewardsEndDate: p.purchaseTime + 30 * DAY,
          deliverDate: p.purchaseTime + 31 * DAY,
          redeemPeriod: "1",
          redeemTo: "SPOT",
          canRedeemEarly: true,
          autoSubscribe: false,
          type: "NORMAL",
          status: "HOLDING",
        }));
      return earnPage(q, rows);
    },
  },
  "/sapi/v1/simple-earn/account": {
    weight: 150,
    bucket: "sapiIp",
    signed: true,
    method: "GET",
    handle: ({ fake }) => {
      const usdt = (asset: string, amount: Decimal.Value) =>
        asset === "USDT"
          ? new Decimal(amount)
          : new Decimal(amount).mul(fake.account.prices.get(`${asset}USDT`) ?? "0");
      const flexible = fake.account.earn.flexiblePositions.reduce(
        (s, p) => s.add(usdt(p.asset, p.totalAmount)),
        new Decimal(0),
      );
      const locked = fake.account.earn.lockedPositions.reduce(
        (s, p) => s.add(usdt(p.asset, p.amount)),
        new Decimal(0),
      );
      const btc = new Decimal(fake.account.prices.get("BTCUSDT") ?? "1");
      return {
        totalAmountInBTC: flexible.add(locked).div(btc).toFixed(8),
        totalAmountInUSDT: flexible.add(locked).toFixed(8),
        totalFlexibleAmountInBTC: flexible.div(btc).toFixed(8),
        totalFlexibleAmountInUSDT: flexible.toFixed(8),
        totalLockedInBTC: locked.div(btc).toFixed(8),
        totalLockedInUSDT: locked.toFixed(8),
      };
    },
  },
  "/sapi/v1/simple-earn/flexible/history/subscriptionRecord": history(
    (a) => a.earn.flexibleSubscriptions as { time: number; asset: string }[],
  ),
  "/sapi/v1/simple-earn/flexible/history/redemptionRecord": history(
    (a) => a.earn.flexibleRedemptions as { time: number; asset: string }[],
  ),
  "/sapi/v1/simple-earn/flexible/history/rewardsRecord": history(
    (a) => a.earn.flexibleRewards,
    (r, q) => {
      const type = q.get("type") ?? "ALL";
      if (!["ALL", "BONUS", "REALTIME", "REWARDS"].includes(type))
        throw bad(-1102, "Mandatory parameter 'type' was not sent, was empty/null, or malformed.");
      return type === "ALL" || r.type === type;
    },
  ),
  "/sapi/v1/simple-earn/locked/history/subscriptionRecord": history(
    (a) => a.earn.lockedSubscriptions as { time: number; asset: string }[],
  ),
  "/sapi/v1/simple-earn/locked/history/redemptionRecord": history(
    (a) => a.earn.lockedRedemptions as { time: number; asset: string }[],
  ),
  "/sapi/v1/simple-earn/locked/history/rewardsRecord": history((a) => a.earn.lockedRewards),
});

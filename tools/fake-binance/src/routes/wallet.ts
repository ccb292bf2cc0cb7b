import { binanceRoutes } from "../binance-routes.ts";
import { bad, DAY, intParam, limitParam, mandatory, window } from "../route-kit.ts";

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

/**
 * The wallet: deposits and withdrawals, dust sweeps, dividends, converts, transfers between
 * the account's own wallets, P2P, Pay and the funding wallet.
 */
export const walletRoutes = binanceRoutes({
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
});

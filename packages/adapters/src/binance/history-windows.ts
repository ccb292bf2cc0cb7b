import type { TransactionInput } from "@portfolio/core";
import type { AdapterDeps } from "../adapter.js";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import {
  EARN_FIAT_EP,
  earnRewardTx,
  fiatOrderTx,
  fiatPaymentTx,
  type RawFiatOrder,
  type RawFiatPayment,
} from "./earn-fiat.js";
import { EARN_PAGE, EP, FIAT_PAGE, PAY_HISTORY_MS } from "./endpoints.js";
import { type HistoryState, WINDOW_STREAMS, type WindowStream } from "./history-state.js";
import {
  convertTx,
  depositTx,
  dividendTx,
  dustTx,
  p2pTx,
  payTx,
  type RawConvert,
  type RawDeposit,
  type RawDividend,
  type RawDribbletDetail,
  type RawP2POrder,
  type RawPayTransaction,
  type RawWithdrawal,
  withdrawalTx,
} from "./parse.js";
import { notePending } from "./pending-movements.js";

/** One window (or one offset page of it) of a time-windowed stream. */
export async function readWindow(
  client: BinanceClient,
  deps: AdapterDeps,
  name: WindowStream,
  state: HistoryState,
  until: number,
): Promise<AdapterResult<TransactionInput[]>> {
  const cur = state.streams[name];
  const start = cur.next;
  const end = Math.min(start + cur.span - 1, until);
  const seen = new Set(state.assets);
  let txs: (TransactionInput | null)[] = [];
  let full = false;
  if (name === "deposits" || name === "withdrawals") {
    const r = await client.call<(RawDeposit | RawWithdrawal)[]>(EP[name], {
      startTime: start,
      endTime: end,
      offset: cur.offset,
      limit: 1000,
    });
    if (!r.ok) return r;
    full = r.value.length === 1000;
    txs =
      name === "deposits"
        ? (r.value as RawDeposit[]).map(depositTx)
        : (r.value as RawWithdrawal[]).map(withdrawalTx);
    notePending(state, name, r.value);
    for (const x of r.value) seen.add(x.coin);
  } else if (name === "dust") {
    const r = await client.call<{
      userAssetDribblets?: { userAssetDribbletDetails: RawDribbletDetail[] }[];
    }>(EP.dust, { startTime: start, endTime: end });
    if (!r.ok) return r;
    const details = (r.value.userAssetDribblets ?? []).flatMap((d) => d.userAssetDribbletDetails);
    txs = details.map(dustTx);
    for (const d of details) seen.add(d.fromAsset).add("BNB");
  } else if (name === "dividends") {
    const r = await client.call<{ rows: RawDividend[]; total: number }>(EP.dividends, {
      startTime: start,
      endTime: end,
      limit: 500,
    });
    if (!r.ok) return r;
    if (r.value.total > r.value.rows.length) {
      // more rows than one answer holds and no offset parameter: narrow the window instead
      cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
      return ok([]);
    }
    txs = r.value.rows.map(dividendTx);
    for (const d of r.value.rows) seen.add(d.asset);
  } else if (name === "pay") {
    // Binance keeps 18 months of Pay history: older windows hold nothing to ask for
    const oldest = deps.now() - PAY_HISTORY_MS;
    if (end < oldest) {
      cur.next = end + 1;
      return ok([]);
    }
    const r = await client.call<{ data: RawPayTransaction[] }>(EP.pay, {
      startTime: Math.max(start, oldest),
      endTime: end,
      limit: 100,
    });
    if (!r.ok) return r;
    if (r.value.data.length === 100) {
      // a full answer may have more and there is no paging: narrow the window instead
      cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
      return ok([]);
    }
    txs = r.value.data.map(payTx);
    for (const t of r.value.data) seen.add(t.currency);
  } else if (name === "fiatDeposits" || name === "fiatWithdrawals" || name === "cardBuys") {
    const r = await client.call<{ data?: (RawFiatOrder | RawFiatPayment)[] }>(
      name === "cardBuys" ? EARN_FIAT_EP.fiatPayments : EARN_FIAT_EP.fiatOrders,
      {
        transactionType: name === "fiatWithdrawals" ? 1 : 0,
        beginTime: start,
        endTime: end,
        page: cur.offset / FIAT_PAGE + 1,
        rows: FIAT_PAGE,
      },
    );
    if (!r.ok) return r;
    // with nothing to list Binance may leave `data` out
    const data = r.value.data ?? [];
    full = data.length === FIAT_PAGE;
    if (name === "cardBuys") {
      txs = (data as RawFiatPayment[]).map(fiatPaymentTx);
      for (const p of data as RawFiatPayment[]) seen.add(p.cryptoCurrency).add(p.fiatCurrency);
    } else {
      const type = name === "fiatDeposits" ? 0 : 1;
      txs = (data as RawFiatOrder[]).map((o) => fiatOrderTx(o, type));
      for (const o of data as RawFiatOrder[]) seen.add(o.fiatCurrency);
    }
  } else if (name === "earnFlexibleRewards" || name === "earnLockedRewards") {
    const flexible = name === "earnFlexibleRewards";
    const r = await client.call<{
      rows: Parameters<typeof earnRewardTx>[0][];
      total: number;
    }>(flexible ? EARN_FIAT_EP.flexibleRewards : EARN_FIAT_EP.lockedRewards, {
      startTime: start,
      endTime: end,
      current: cur.offset / EARN_PAGE + 1,
      size: EARN_PAGE,
    });
    if (!r.ok) return r;
    full = r.value.rows.length === EARN_PAGE;
    txs = r.value.rows.map((x) => earnRewardTx(x, flexible ? "flexible" : "locked"));
    for (const x of r.value.rows) seen.add(x.asset);
  } else if (name === "p2pBuys" || name === "p2pSells") {
    const r = await client.call<{ data: RawP2POrder[]; total: number }>(EP.p2p, {
      tradeType: name === "p2pBuys" ? "BUY" : "SELL",
      startTimestamp: start,
      endTimestamp: end,
      page: cur.offset / 100 + 1,
      rows: 100,
    });
    if (!r.ok) return r;
    full = r.value.data.length === 100;
    txs = r.value.data.map(p2pTx);
    for (const o of r.value.data) seen.add(o.asset);
  } else {
    const r = await client.call<{ list: RawConvert[]; moreData: boolean }>(EP.converts, {
      startTime: start,
      endTime: end,
      limit: 1000,
    });
    if (!r.ok) return r;
    if (r.value.moreData) {
      cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
      return ok([]);
    }
    txs = r.value.list.map(convertTx);
    for (const c of r.value.list) seen.add(c.fromAsset).add(c.toAsset);
  }
  if (full) {
    cur.offset +=
      name === "p2pBuys" || name === "p2pSells"
        ? 100
        : name === "fiatDeposits" || name === "fiatWithdrawals" || name === "cardBuys"
          ? FIAT_PAGE
          : name === "earnFlexibleRewards" || name === "earnLockedRewards"
            ? EARN_PAGE
            : 1000;
  } else {
    cur.next = end + 1;
    cur.offset = 0;
    cur.span = WINDOW_STREAMS[name].span;
  }
  state.assets = [...seen].sort();
  return ok(txs.filter((t): t is TransactionInput => t !== null));
}

import { Dec, formatAmount, isoTime, parseAmount, type TransactionInput } from "@portfolio/core";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import type { Endpoint } from "./endpoints.js";

// Fiat money in and out, crypto bought with a card, a bank or the fiat balance, and Simple Earn
// (developers.binance.com/docs/fiat/rest-api, /docs/simple_earn/…).

export const EARN_FIAT_EP = {
  // weight as binance-connector-js's fiat client gives it since 2025-11 (the docs said 90000)
  fiatOrders: {
    path: "/sapi/v1/fiat/orders",
    method: "GET",
    weight: 45_000,
    bucket: "sapiUid",
    signed: true,
  },
  fiatPayments: {
    path: "/sapi/v1/fiat/payments",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  flexiblePosition: {
    path: "/sapi/v1/simple-earn/flexible/position",
    method: "GET",
    weight: 150,
    bucket: "sapiIp",
    signed: true,
  },
  lockedPosition: {
    path: "/sapi/v1/simple-earn/locked/position",
    method: "GET",
    weight: 150,
    bucket: "sapiIp",
    signed: true,
  },
  flexibleRewards: {
    path: "/sapi/v1/simple-earn/flexible/history/rewardsRecord",
    method: "GET",
    weight: 150,
    bucket: "sapiIp",
    signed: true,
  },
  lockedRewards: {
    path: "/sapi/v1/simple-earn/locked/history/rewardsRecord",
    method: "GET",
    weight: 150,
    bucket: "sapiIp",
    signed: true,
  },
} as const satisfies Record<string, Endpoint>;

export interface RawFiatOrder {
  orderNo: string;
  fiatCurrency: string;
  amount: string;
  totalFee: string;
  method?: string;
  status: string;
  createTime: number;
}

export interface RawFiatPayment {
  orderNo: string;
  sourceAmount: string;
  fiatCurrency: string;
  obtainAmount: string;
  cryptoCurrency: string;
  totalFee: string;
  price: string;
  status: string;
  paymentMethod?: string;
  createTime: number;
}

const amt = (s: string) => formatAmount(parseAmount(s));

/**
 * A fiat deposit (`transactionType` 0) or withdrawal (1) that moved money (`Successful` or
 * `Finished`, as rotki books them): a `deposit` or `withdrawal` of the fiat currency, the fee
 * taken from it. Any other status (processing, failed, refunded) moved nothing: no row.
 */
export function fiatOrderTx(o: RawFiatOrder, type: 0 | 1): TransactionInput | null {
  if (o.status !== "Successful" && o.status !== "Finished") return null;
  const fee = amt(o.totalFee);
  return {
    txId: `fiat:${o.orderNo}`,
    txType: type === 0 ? "deposit" : "withdrawal",
    asset: o.fiatCurrency,
    amount: amt(o.amount),
    price: null,
    quoteAsset: null,
    quoteAmount: null,
    fee: fee === "0" ? null : fee,
    feeAsset: fee === "0" ? null : o.fiatCurrency,
    timestamp: isoTime(o.createTime),
    metadata: { kind: "fiat", method: o.method ?? null, status: o.status },
  };
}

/**
 * A completed crypto buy (`GET /sapi/v1/fiat/payments`, `transactionType` 0). Paid from the
 * account's own fiat balance (`Cash Balance`) it is a `buy` with the fiat spent (its fee in
 * fiat too); paid by card or bank the money never was on Binance, so it is a `deposit` of the
 * crypto, with the fiat paid and the fee as its price (`kind: "card"`).
 */
export function fiatPaymentTx(p: RawFiatPayment): TransactionInput | null {
  if (p.status !== "Completed") return null;
  const fee = parseAmount(p.totalFee);
  const base = {
    txId: `fiatbuy:${p.orderNo}`,
    asset: p.cryptoCurrency,
    amount: amt(p.obtainAmount),
    price: amt(p.price),
    quoteAsset: p.fiatCurrency,
    timestamp: isoTime(p.createTime),
  };
  if (p.paymentMethod === "Cash Balance")
    return {
      ...base,
      txType: "buy",
      quoteAmount: formatAmount(parseAmount(p.sourceAmount).sub(fee)),
      fee: fee.isZero() ? null : formatAmount(fee),
      feeAsset: fee.isZero() ? null : p.fiatCurrency,
      metadata: { kind: "fiat_buy", paymentMethod: p.paymentMethod },
    };
  return {
    ...base,
    txType: "deposit",
    quoteAmount: amt(p.sourceAmount),
    fee: null,
    feeAsset: null,
    metadata: {
      kind: "card",
      paymentMethod: p.paymentMethod ?? null,
      fiatFee: formatAmount(fee),
    },
  };
}

interface RawFlexibleReward {
  asset: string;
  rewards: string;
  projectId?: string;
  type: string;
  time: number;
}

interface RawLockedReward {
  positionId: number | string;
  asset: string;
  amount: string;
  type: string;
  time: number;
}

/** Simple Earn rewards, flexible (accrued into the position) or locked (paid to spot): income. */
export function earnRewardTx(
  r: RawFlexibleReward | RawLockedReward,
  product: "flexible" | "locked",
): TransactionInput | null {
  const amount = parseAmount("rewards" in r ? r.rewards : r.amount);
  if (amount.isZero()) return null;
  const id =
    "positionId" in r
      ? `earn:locked:${r.positionId}:${r.type}:${r.time}`
      : `earn:flexible:${r.projectId ?? r.asset}:${r.type}:${r.time}`;
  return {
    txId: id.replaceAll(" ", "_"),
    txType: "reward",
    asset: r.asset,
    amount: formatAmount(amount),
    price: null,
    quoteAsset: null,
    quoteAmount: null,
    fee: null,
    feeAsset: null,
    timestamp: isoTime(r.time),
    metadata: { kind: "earn", product, type: r.type },
  };
}

/**
 * The account's Simple Earn holdings per asset: flexible positions' `totalAmount` and locked
 * positions' `amount`, paged 100 at a time (weight 150 a page).
 */
export async function earnHoldings(
  client: BinanceClient,
): Promise<AdapterResult<Map<string, Dec>>> {
  const out = new Map<string, Dec>();
  for (const [ep, field] of [
    [EARN_FIAT_EP.flexiblePosition, "totalAmount"],
    [EARN_FIAT_EP.lockedPosition, "amount"],
  ] as const) {
    for (let current = 1; ; current++) {
      const r = await client.call<{ rows: Record<string, string>[]; total: number }>(ep, {
        current,
        size: 100,
      });
      if (!r.ok) return r;
      for (const row of r.value.rows) {
        const asset = String(row.asset);
        out.set(asset, (out.get(asset) ?? new Dec(0)).add(parseAmount(String(row[field]))));
      }
      if (r.value.rows.length < 100 || current * 100 >= r.value.total) break;
    }
  }
  return ok(out);
}

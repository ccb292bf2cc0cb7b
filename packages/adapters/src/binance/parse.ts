import {
  canonicalAmount,
  formatAmount,
  isoTime,
  parseAmount,
  type TransactionInput,
} from "@portfolio/core";

/** Binance amounts are decimal strings with trailing zeros: canonical spelling, never floats. */
const amt = (s: string | number) => canonicalAmount(String(s));
/** Binance times are epoch milliseconds, some as strings */
const iso = (ms: number | string) => isoTime(Number(ms));

export interface RawTrade {
  symbol: string;
  id: number;
  orderId: number | string;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
}

export function tradeTx(t: RawTrade, base: string, quote: string): TransactionInput {
  const fee = amt(t.commission);
  return {
    txId: `trade:${t.symbol}:${t.id}`,
    txType: t.isBuyer ? "buy" : "sell",
    asset: base,
    amount: amt(t.qty),
    price: amt(t.price),
    quoteAsset: quote,
    quoteAmount: amt(t.quoteQty),
    fee: fee === "0" ? null : fee,
    feeAsset: fee === "0" ? null : t.commissionAsset,
    timestamp: iso(t.time),
    // the trade and order ids a bot reporting the fill gives, so a sync recognises it
    metadata: {
      symbol: t.symbol,
      tradeId: String(t.id),
      orderId: String(t.orderId),
      maker: t.isMaker,
    },
  };
}

export interface RawDeposit {
  id: string;
  amount: string;
  coin: string;
  network?: string;
  status: number;
  txId: string;
  insertTime: number;
  walletType?: number;
  transferType?: number;
}

const none = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };

/** Where a deposit stands: credited (1; 6 is credited but locked), not final yet, or failed. */
export function depositStage(status: number): "credited" | "pending" | "failed" {
  if (status === 1 || status === 6) return "credited";
  // 2 rejected, 7 wrong deposit: final, and no balance moved
  return status === 2 || status === 7 ? "failed" : "pending";
}

/** Where a withdrawal stands: 6 completed; 1 cancelled, 3 rejected, 5 failure are final. */
export function withdrawalStage(status: number): "completed" | "pending" | "failed" {
  if (status === 6) return "completed";
  return status === 1 || status === 3 || status === 5 ? "failed" : "pending";
}

/** Only credited deposits (status 1; 6 is credited but locked) move the balance. */
export function depositTx(d: RawDeposit): TransactionInput | null {
  if (d.status !== 1 && d.status !== 6) return null;
  return {
    txId: `deposit:${d.id}`,
    txType: d.transferType === 1 ? "transfer_in" : "deposit",
    asset: d.coin,
    amount: amt(d.amount),
    ...none,
    timestamp: iso(d.insertTime),
    metadata: {
      chainTxId: d.txId.replace(/^Internal transfer /, ""),
      network: d.network ?? null,
      wallet: d.walletType === 1 ? "funding" : "spot",
    },
  };
}

export interface RawWithdrawal {
  id: string;
  amount: string;
  transactionFee: string;
  coin: string;
  status: number;
  txId?: string;
  applyTime: string;
  network?: string;
  transferType?: number;
}

/** When a withdrawal was applied for (Binance gives a UTC "YYYY-MM-DD HH:MM:SS" string), ms. */
export function withdrawalTime(w: RawWithdrawal): number {
  return Date.parse(`${w.applyTime.replace(" ", "T")}Z`);
}

/** Withdrawal times are UTC strings; status 6 is completed (1 means cancelled here, not success). */
export function withdrawalTx(w: RawWithdrawal): TransactionInput | null {
  if (w.status !== 6) return null;
  const fee = amt(w.transactionFee);
  return {
    txId: `withdrawal:${w.id}`,
    txType: w.transferType === 1 ? "transfer_out" : "withdrawal",
    asset: w.coin,
    amount: amt(w.amount),
    ...none,
    fee: fee === "0" ? null : fee,
    feeAsset: fee === "0" ? null : w.coin,
    timestamp: isoTime(withdrawalTime(w)),
    metadata: {
      chainTxId: (w.txId ?? "").replace(/^Internal transfer /, ""),
      network: w.network ?? null,
    },
  };
}

export interface RawConvert {
  quoteId: string;
  orderId: string | number;
  orderStatus: string;
  fromAsset: string;
  fromAmount: string;
  toAsset: string;
  toAmount: string;
  ratio: string;
  createTime: number;
}

export function convertTx(c: RawConvert): TransactionInput | null {
  if (c.orderStatus !== "SUCCESS") return null;
  return {
    txId: `convert:${c.quoteId}`,
    txType: "convert",
    asset: c.toAsset,
    amount: amt(c.toAmount),
    price: null,
    quoteAsset: c.fromAsset,
    quoteAmount: amt(c.fromAmount),
    fee: null,
    feeAsset: null,
    timestamp: iso(c.createTime),
    metadata: { orderId: String(c.orderId), ratio: c.ratio },
  };
}

export interface RawDribbletDetail {
  transId: number | string;
  serviceChargeAmount: string;
  amount: string;
  operateTime: number | string;
  transferedAmount: string;
  fromAsset: string;
}

/** A dust sweep: the small balance goes, BNB arrives net of the service charge (shown as the fee). */
export function dustTx(d: RawDribbletDetail): TransactionInput {
  const charge = amt(d.serviceChargeAmount);
  return {
    txId: `dust:${d.transId}:${d.fromAsset}`,
    txType: "convert",
    asset: "BNB",
    amount: formatAmount(parseAmount(amt(d.transferedAmount)).add(amt(d.serviceChargeAmount))),
    price: null,
    quoteAsset: d.fromAsset,
    quoteAmount: amt(d.amount),
    fee: charge === "0" ? null : charge,
    feeAsset: charge === "0" ? null : "BNB",
    timestamp: iso(d.operateTime),
    metadata: { source: "dust" },
  };
}

export interface RawDividend {
  id: number;
  amount: string;
  asset: string;
  divTime: number;
  enInfo: string;
  tranId: number;
  direction?: number;
}

export function dividendTx(d: RawDividend): TransactionInput {
  const debit = d.direction === -1;
  return {
    txId: `dividend:${d.tranId}:${d.id}`,
    txType: debit ? "transfer_out" : "reward",
    asset: d.asset,
    amount: amt(d.amount),
    ...none,
    timestamp: iso(d.divTime),
    metadata: { info: d.enInfo },
  };
}

export interface RawP2POrder {
  orderNumber: string;
  tradeType: "BUY" | "SELL";
  asset: string;
  fiat: string;
  amount: string;
  totalPrice: string;
  unitPrice: string;
  orderStatus: string;
  createTime: number;
  commission: string;
}

/**
 * A completed P2P order: the crypto came into (or left) the funding wallet, the fiat changed
 * hands off Binance. A `deposit` (`withdrawal`) of the crypto, with the fiat paid (received) as
 * its price and quote, which moves no balance here. Other statuses moved nothing.
 */
export function p2pTx(o: RawP2POrder): TransactionInput | null {
  if (o.orderStatus !== "COMPLETED") return null;
  const fee = amt(o.commission ?? "0");
  return {
    txId: `p2p:${o.orderNumber}`,
    txType: o.tradeType === "BUY" ? "deposit" : "withdrawal",
    asset: o.asset,
    amount: amt(o.amount),
    price: amt(o.unitPrice),
    quoteAsset: o.fiat,
    quoteAmount: amt(o.totalPrice),
    fee: fee === "0" ? null : fee,
    feeAsset: fee === "0" ? null : o.asset,
    timestamp: iso(o.createTime),
    metadata: { kind: "p2p", side: o.tradeType.toLowerCase(), wallet: "funding" },
  };
}

export interface RawPayTransaction {
  orderType: string;
  transactionId: string;
  transactionTime: number;
  amount: string;
  currency: string;
  walletType?: number;
}

/** A Binance Pay payment: money from another user (or merchant) in, or paid out; signed amount. */
export function payTx(t: RawPayTransaction): TransactionInput | null {
  const a = parseAmount(t.amount);
  if (a.isZero()) return null;
  return {
    txId: `pay:${t.transactionId}`,
    txType: a.isPos() ? "transfer_in" : "transfer_out",
    asset: t.currency,
    amount: formatAmount(a.abs()),
    ...none,
    timestamp: iso(t.transactionTime),
    metadata: {
      kind: "pay",
      orderType: t.orderType,
      wallet: t.walletType === 2 ? "spot" : "funding",
    },
  };
}

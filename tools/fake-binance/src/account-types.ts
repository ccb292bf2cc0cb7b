import type { EarnRecords, FiatOrder, FiatPayment } from "./earn-fiat.ts";
import type { SymbolInfo } from "./exchange-info.ts";

// The scripted account's records, in the shapes Binance's endpoints list them.

export interface Trade {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: -1;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
  isBestMatch: boolean;
}

export interface Deposit {
  id: string;
  amount: string;
  coin: string;
  network: string;
  /** 0 pending, 6 credited but locked, 7 wrong deposit, 8 waiting for confirmation, 1 success, 2 rejected */
  status: number;
  address: string;
  addressTag: string;
  txId: string;
  insertTime: number;
  completeTime: number;
  transferType: 0 | 1;
  confirmTimes: string;
  unlockConfirm: number;
  walletType: 0 | 1;
}

export interface Withdrawal {
  id: string;
  amount: string;
  transactionFee: string;
  coin: string;
  /** 0 email sent, 1 cancelled, 2 awaiting approval, 3 rejected, 4 processing, 5 failure, 6 completed */
  status: number;
  address: string;
  txId: string;
  applyTime: string;
  completeTime: string;
  network: string;
  transferType: 0;
  info: string;
  confirmNo: number;
  walletType: 0;
  txKey: string;
  /** epoch ms of applyTime, for window filtering (not sent) */
  time: number;
}

export interface Convert {
  quoteId: string;
  /** a 64-bit id: sent as a bare JSON number, beyond 2^53 */
  orderId: string;
  orderStatus: "SUCCESS";
  fromAsset: string;
  fromAmount: string;
  toAsset: string;
  toAmount: string;
  ratio: string;
  inverseRatio: string;
  createTime: number;
}

export interface DribbletDetail {
  transId: number;
  serviceChargeAmount: string;
  amount: string;
  operateTime: number;
  transferedAmount: string;
  fromAsset: string;
}

export interface Dribblet {
  operateTime: number;
  totalTransferedAmount: string;
  totalServiceChargeAmount: string;
  transId: number;
  userAssetDribbletDetails: DribbletDetail[];
}

export interface Dividend {
  id: number;
  amount: string;
  asset: string;
  divTime: number;
  enInfo: string;
  tranId: number;
}

/** A P2P order as GET /sapi/v1/c2c/orderMatch/listUserOrderHistory lists it. */
export interface P2POrder {
  orderNumber: string;
  advNo: string;
  tradeType: "BUY" | "SELL";
  asset: string;
  fiat: string;
  fiatSymbol: string;
  amount: string;
  totalPrice: string;
  unitPrice: string;
  orderStatus: "COMPLETED" | "CANCELLED";
  createTime: number;
  commission: string;
  counterPartNickName: string;
  advertisementRole: "TAKER" | "MAKER";
}

/** A Binance Pay transaction as GET /sapi/v1/pay/transactions lists it (amount signed). */
export interface PayTransaction {
  orderType: "PAY" | "C2C" | "PAY_REFUND" | "CRYPTO_BOX";
  transactionId: string;
  transactionTime: number;
  amount: string;
  currency: string;
  walletType: 1 | 2;
  walletTypes: number[];
  fundsDetail: { currency: string; amount: string; walletAssetCost: Record<string, string>[] }[];
  payerInfo: { name: string; type: "USER" | "MERCHANT"; binanceId?: number };
  receiverInfo: { name: string; type: "USER" | "MERCHANT"; binanceId?: number };
}

export interface ScriptedAccount {
  listed: SymbolInfo[];
  trades: Map<string, Trade[]>;
  deposits: Deposit[];
  withdrawals: Withdrawal[];
  converts: Convert[];
  dribblets: Dribblet[];
  dividends: Dividend[];
  /** P2P (C2C) orders: completed ones moved the funding wallet, cancelled ones nothing */
  p2p: P2POrder[];
  /** Binance Pay: money received from and paid to others, in the funding wallet */
  pay: PayTransaction[];
  spot: Map<string, { free: string; locked: string }>;
  funding: Map<string, { free: string; locked: string; freeze: string }>;
  /** the USDⓈ-M futures wallet (GET /fapi/v2/balance), by asset */
  futures: Map<string, string>;
  /** the cross-margin wallet (GET /sapi/v1/margin/account userAssets), by asset */
  margin: Map<string, string>;
  /** universal transfers between the account's own wallets (GET /sapi/v1/asset/transfer) */
  transfers: {
    tranId: number;
    type: string;
    asset: string;
    amount: string;
    status: string;
    timestamp: number;
  }[];
  /** fiat deposits and withdrawals (GET /sapi/v1/fiat/orders) */
  fiatOrders: FiatOrder[];
  /** crypto bought with a card, a bank or the fiat balance (GET /sapi/v1/fiat/payments) */
  fiatPayments: FiatPayment[];
  /** Simple Earn positions and their history */
  earn: EarnRecords;
  prices: Map<string, string>;
  /**
   * The market price of a listed symbol at `t` (its base's daily walk over its quote's, the
   * price the script's trades were made near and the ticker shows for today); null for a
   * symbol the script does not walk
   */
  priceAt(symbol: string, t: number): number | null;
  /** when the account opened (first deposit) */
  start: number;
  /**
   * The account's own trading fees (a VIP tier below Binance's 0.1% default), as
   * `GET /api/v3/account` and `GET /api/v3/account/commission` report them.
   */
  commission: { maker: string; taker: string };
}

export interface ScriptOptions {
  seed: string;
  now: number;
  days?: number;
  trades?: number;
  fillerBases?: number;
}

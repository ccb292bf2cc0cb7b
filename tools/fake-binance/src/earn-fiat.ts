import { Decimal } from "decimal.js";

// Fiat (developers.binance.com/docs/fiat/rest-api) and Simple Earn
// (developers.binance.com/docs/simple_earn/...) records of the scripted account, in the shapes
// the docs' examples show, and the spot-wallet moves they made.

const D = (x: Decimal.Value) => new Decimal(x);
const DAY = 86_400_000;

/** GET /sapi/v1/fiat/orders: a fiat deposit (transactionType 0) or withdrawal (1). */
export interface FiatOrder {
  orderNo: string;
  fiatCurrency: string;
  indicatedAmount: string;
  amount: string;
  totalFee: string;
  method: string;
  /** Processing, Failed, Successful, Finished, Refunding, Refunded, Refund Failed, … */
  status: string;
  createTime: number;
  updateTime: number;
  /** not sent: which list it belongs to */
  transactionType: 0 | 1;
}

/** GET /sapi/v1/fiat/payments: crypto bought (transactionType 0) with a card, a bank or the fiat balance. */
export interface FiatPayment {
  orderNo: string;
  sourceAmount: string;
  fiatCurrency: string;
  obtainAmount: string;
  cryptoCurrency: string;
  totalFee: string;
  price: string;
  /** Processing, Completed, Failed, Refunded */
  status: string;
  paymentMethod: string;
  createTime: number;
  updateTime: number;
  transactionType: 0 | 1;
}

export interface EarnRecords {
  flexiblePositions: { asset: string; productId: string; totalAmount: Decimal }[];
  lockedPositions: {
    positionId: number;
    projectId: string;
    asset: string;
    amount: string;
    purchaseTime: number;
    duration: string;
  }[];
  flexibleSubscriptions: Record<string, unknown>[];
  flexibleRedemptions: Record<string, unknown>[];
  /** `type`: BONUS, REALTIME or REWARDS */
  flexibleRewards: {
    asset: string;
    rewards: string;
    projectId: string;
    type: string;
    time: number;
  }[];
  lockedSubscriptions: Record<string, unknown>[];
  lockedRedemptions: Record<string, unknown>[];
  lockedRewards: {
    positionId: number;
    time: number;
    asset: string;
    lockPeriod: string;
    amount: string;
    type: string;
  }[];
}

/**
 * The scripted fiat and Earn history, `end` being the last day of the account's history:
 * - fiat: 1000 EUR deposited by bank transfer, a 500 EUR deposit that failed, 200 EUR withdrawn
 *   with a 1 EUR fee; a card buy of BTC for 100 EUR (2 EUR fee; the euros never touch the
 *   account) and a buy of USDT for 50 EUR from the fiat balance (0.5 EUR fee);
 * - Simple Earn flexible USDT: 200 subscribed from spot, 50 redeemed to spot, 0.01 USDT of
 *   real-time rewards a day for 50 days, accrued into the position (150.5 held);
 * - Simple Earn locked BNB (30 days): a quarter of the spot BNB subscribed 20 days ago, with
 *   daily rewards paid to spot.
 * `move` applies each record's effect on the spot wallet; `held` reads it.
 */
export function scriptEarnAndFiat(
  end: number,
  held: (asset: string) => Decimal,
  move: (asset: string, delta: Decimal) => void,
): { fiatOrders: FiatOrder[]; fiatPayments: FiatPayment[]; earn: EarnRecords } {
  const fiatOrders: FiatOrder[] = [];
  const order = (type: 0 | 1, amount: string, fee: string, status: string, daysAgo: number) => {
    const t = end - daysAgo * DAY;
    fiatOrders.push({
      orderNo: `7d76d611-0568-4f43-afb6-${String(24_000_000_000 + fiatOrders.length).padStart(12, "0")}`,
      fiatCurrency: "EUR",
      indicatedAmount: D(amount).toFixed(2),
      amount: D(amount).toFixed(2),
      totalFee: D(fee).toFixed(2),
      method: "BankAccount",
      status,
      createTime: t,
      updateTime: t + 3_600_000,
      transactionType: type,
    });
    if (status === "Successful" || status === "Finished")
      move("EUR", type === 0 ? D(amount).sub(fee) : D(amount).add(fee).neg());
  };
  order(0, "1000", "0", "Successful", 300);
  order(0, "500", "0", "Failed", 290);
  order(1, "200", "1", "Successful", 150);

  const fiatPayments: FiatPayment[] = [];
  const payment = (
    crypto: string,
    source: string,
    fee: string,
    price: string,
    method: string,
    daysAgo: number,
  ) => {
    const t = end - daysAgo * DAY;
    const obtain = D(source).sub(fee).div(price).toDecimalPlaces(8, Decimal.ROUND_DOWN);
    fiatPayments.push({
      orderNo: `353fca443f06466db0c4dc89f94f${String(fiatPayments.length).padStart(4, "0")}`,
      sourceAmount: D(source).toFixed(2),
      fiatCurrency: "EUR",
      obtainAmount: obtain.toFixed(8),
      cryptoCurrency: crypto,
      totalFee: D(fee).toFixed(2),
      price: D(price).toFixed(8),
      status: "Completed",
      paymentMethod: method,
      createTime: t,
      updateTime: t,
      transactionType: 0,
    });
    move(crypto, obtain);
    // paid from the account's own fiat balance; a card or bank pays from outside
    if (method === "Cash Balance") move("EUR", D(source).neg());
  };
  payment("BTC", "100", "2", "60000", "Credit Card", 120);
  payment("USDT", "50", "0.5", "0.92", "Cash Balance", 110);

  // Simple Earn flexible USDT: subscriptions leave spot, a redemption comes back, rewards accrue
  const flexibleSubscriptions = [
    {
      amount: "200.00000000",
      asset: "USDT",
      time: end - 200 * DAY,
      purchaseId: 26_055,
      productId: "USDT001",
      type: "NORMAL",
      sourceAccount: "SPOT",
      status: "SUCCESS",
    },
  ];
  move("USDT", D(-200));
  const flexibleRedemptions = [
    {
      amount: "50.00000000",
      asset: "USDT",
      time: end - 100 * DAY,
      projectId: "USDT001",
      redeemId: 40_607,
      destAccount: "SPOT",
      status: "PAID",
    },
  ];
  move("USDT", D(50));
  const flexibleRewards: EarnRecords["flexibleRewards"] = [];
  for (let d = 50; d >= 1; d--)
    flexibleRewards.push({
      asset: "USDT",
      rewards: "0.01000000",
      projectId: "USDT001",
      type: "REALTIME",
      time: end - d * DAY,
    });

  const bnb = held("BNB").div(4).toDecimalPlaces(8, Decimal.ROUND_DOWN);
  const purchaseTime = end - 20 * DAY;
  move("BNB", bnb.neg());
  const lockedSubscriptions = [
    {
      positionId: 123_123,
      purchaseId: "26056",
      projectId: "BNB*30",
      time: purchaseTime,
      asset: "BNB",
      amount: bnb.toFixed(8),
      lockPeriod: "30",
      type: "NORMAL",
      sourceAccount: "SPOT",
      status: "SUCCESS",
    },
  ];
  const lockedRewards: EarnRecords["lockedRewards"] = [];
  const daily = bnb.mul("0.0001").toDecimalPlaces(8, Decimal.ROUND_DOWN);
  for (let d = 19; d >= 1; d--) {
    lockedRewards.push({
      positionId: 123_123,
      time: end - d * DAY,
      asset: "BNB",
      lockPeriod: "30",
      amount: daily.toFixed(8),
      type: "Locked Rewards",
    });
    move("BNB", daily);
  }
  return {
    fiatOrders,
    fiatPayments,
    earn: {
      flexiblePositions: [{ asset: "USDT", productId: "USDT001", totalAmount: D("150.5") }],
      lockedPositions: [
        {
          positionId: 123_123,
          projectId: "BNB*30",
          asset: "BNB",
          amount: bnb.toFixed(8),
          purchaseTime,
          duration: "30",
        },
      ],
      flexibleSubscriptions,
      flexibleRedemptions,
      flexibleRewards,
      lockedSubscriptions,
      lockedRedemptions: [],
      lockedRewards,
    },
  };
}

import { Decimal } from "decimal.js";
import type { P2POrder, PayTransaction, ScriptedAccount, ScriptOptions } from "./account-types.ts";
import { scriptEarnAndFiat } from "./earn-fiat.ts";
import { scriptHistory } from "./script-history.ts";
import { scriptMarket } from "./script-market.ts";
import { D, DAY, fmt, type ScriptState, scriptState, utc } from "./script-state.ts";

/** the scripted account's own Binance id, as Pay and GET /api/v3/account show it */
export const ACCOUNT_UID = 354_937_868;

/**
 * A Binance account with a history: deposits (spot and funding), thousands of trades over
 * dozens of symbols (BNB fees among them), withdrawals with fees, converts, dust sweeps and
 * airdrops, generated in time order from a seed so that every balance is the sum of history.
 */
export function scriptAccount(opts: ScriptOptions): ScriptedAccount {
  const st = scriptState(opts.seed);
  const days = opts.days ?? 700;
  const start = Math.floor((opts.now - days * DAY) / DAY) * DAY;
  const end = opts.now - DAY;
  const market = scriptMarket(st.rand, days, start, opts.now, opts.fillerBases ?? 380);
  const history = scriptHistory(st, market, start, end, opts.trades ?? 5000);
  const { move } = st;

  // money moved between the account's own wallets: 500 USDT to USDⓈ-M futures, 300 to cross
  // margin (universal transfers): the spot balance drops, the account holds the same
  const futures = new Map<string, string>();
  const margin = new Map<string, string>();
  const transfers: ScriptedAccount["transfers"] = [];
  for (const [type, amount, wallet] of [
    ["MAIN_UMFUTURE", "500", futures],
    ["MAIN_MARGIN", "300", margin],
  ] as const) {
    move("USDT", D(amount).neg());
    wallet.set("USDT", D(amount).toFixed(8));
    transfers.push({
      tranId: 13_000_000_000 + transfers.length,
      type,
      asset: "USDT",
      amount,
      status: "CONFIRMED",
      timestamp: end - 5 * DAY + transfers.length * 3_600_000,
    });
  }
  const { fiatOrders, fiatPayments, earn } = scriptEarnAndFiat(end, st.held, move);
  // a gift card redeemed into spot: Binance moved 25 USDT that no endpoint we read shows
  move("USDT", D(25));
  const spot = new Map<string, { free: string; locked: string }>();
  for (const [asset, amount] of st.spot) {
    if (amount.lt(0)) throw new Error(`script drove ${asset} negative: ${amount.toFixed()}`);
    // an open order holds 10% of the USDT
    const locked =
      asset === "USDT" ? amount.mul("0.1").toDecimalPlaces(8, Decimal.ROUND_DOWN) : D(0);
    spot.set(asset, { free: fmt(amount.sub(locked)), locked: fmt(locked) });
  }
  // a deposit that stays pending for days (credited later by /__admin/credit-deposit: it counts
  // in no balance until then), and a withdrawal Binance rejected (nothing left the balance)
  history.deposits.push({
    id: String(4_000_000_000 + st.seq()),
    amount: "1234.00000000",
    coin: "USDT",
    network: "TRX",
    status: 0,
    address: `addr${st.hex(20)}`,
    addressTag: "",
    txId: `0x${st.hex(64)}`,
    insertTime: end - 20 * DAY,
    completeTime: 0,
    transferType: 0,
    confirmTimes: "1/12",
    unlockConfirm: 0,
    walletType: 0,
  });
  history.withdrawals.push({
    id: st.hex(32),
    amount: "250",
    transactionFee: "1",
    coin: "USDT",
    status: 3,
    address: `addr${st.hex(20)}`,
    txId: "",
    applyTime: utc(end - 15 * DAY),
    completeTime: "",
    network: "TRX",
    transferType: 0,
    info: "The address is not valid.",
    confirmNo: 0,
    walletType: 0,
    txKey: "",
    time: end - 15 * DAY,
  });
  const p2p = scriptP2P(st, end);
  const pay = scriptPay(st, end);
  // the Simple Earn flexible position shows in spot as an LD token too, as Binance shows it
  // (rotki: counted through the Earn endpoints, never both)
  spot.set("LDUSDT", { free: "150.50000000", locked: "0.00000000" });
  const funding = new Map(
    [...st.funding].map(([a, v]) => [
      a,
      { free: fmt(v), locked: "0.00000000", freeze: "0.00000000" },
    ]),
  );
  return {
    listed: market.listed,
    ...history,
    p2p,
    pay,
    spot,
    funding,
    futures,
    margin,
    transfers,
    priceAt: market.priceAt,
    fiatOrders,
    fiatPayments,
    earn,
    prices: market.prices,
    start,
    commission: { maker: "0.00060000", taker: "0.00080000" },
  };
}

/**
 * P2P: 500 USDT bought for euros and 100 sold, into and out of the funding wallet (the euros
 * change hands off Binance), and a cancelled order that moved nothing.
 */
function scriptP2P(st: ScriptState, end: number): P2POrder[] {
  const p2p: P2POrder[] = [];
  for (const [tradeType, amount, unit, status, daysAgo] of [
    ["BUY", "500", "0.92", "COMPLETED", 40],
    ["SELL", "100", "0.93", "COMPLETED", 30],
    ["BUY", "250", "0.91", "CANCELLED", 25],
  ] as const) {
    if (status === "COMPLETED") {
      const sign = tradeType === "BUY" ? 1 : -1;
      st.funding.set("USDT", (st.funding.get("USDT") ?? D(0)).add(D(amount).mul(sign)));
    }
    p2p.push({
      orderNumber: String(20_000_000_000_000_000_000n + BigInt(p2p.length)),
      advNo: String(11_000_000_000_000_000_000n + BigInt(p2p.length)),
      tradeType,
      asset: "USDT",
      fiat: "EUR",
      fiatSymbol: "€",
      amount: D(amount).toFixed(8),
      totalPrice: D(amount).mul(unit).toFixed(8),
      unitPrice: D(unit).toFixed(8),
      orderStatus: status,
      createTime: end - daysAgo * DAY,
      commission: "0.00000000",
      counterPartNickName: "Trader",
      advertisementRole: "TAKER",
    });
  }
  return p2p;
}

/** Binance Pay: 50 USDT received from a friend, 20 paid to a merchant, from the funding wallet. */
function scriptPay(st: ScriptState, end: number): PayTransaction[] {
  const pay: PayTransaction[] = [];
  for (const [orderType, amount, daysAgo, other] of [
    ["C2C", "50", 60, "USER"],
    ["PAY", "-20", 50, "MERCHANT"],
  ] as const) {
    st.funding.set("USDT", (st.funding.get("USDT") ?? D(0)).add(amount));
    const abs = D(amount).abs().toFixed(8);
    const them = { name: other === "USER" ? "A friend" : "Coffee Shop", type: other };
    const me = { name: "Me", type: "USER" as const, binanceId: ACCOUNT_UID };
    pay.push({
      orderType,
      transactionId: `M_P_${71_000_000_000 + pay.length}`,
      transactionTime: end - daysAgo * DAY,
      amount: D(amount).toFixed(8),
      currency: "USDT",
      walletType: 1,
      walletTypes: [1],
      fundsDetail: [{ currency: "USDT", amount: abs, walletAssetCost: [{ "1": abs }] }],
      payerInfo: amount.startsWith("-") ? me : them,
      receiverInfo: amount.startsWith("-") ? them : me,
    });
  }
  return pay;
}

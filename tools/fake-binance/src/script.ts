import { Decimal } from "decimal.js";
import {
  type EarnRecords,
  type FiatOrder,
  type FiatPayment,
  scriptEarnAndFiat,
} from "./earn-fiat.ts";
import type { SymbolInfo } from "./exchange-info.ts";
import { rng } from "./random.ts";

const D = (x: Decimal.Value) => new Decimal(x);
const DAY = 86_400_000;

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
/** the scripted account's own Binance id, as Pay shows it */
const ACCOUNT_UID_IN_SCRIPT = 354_937_868;

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

const QUOTES = ["USDT", "BTC", "BNB", "ETH"];
const BASES = [
  "BTC",
  "ETH",
  "BNB",
  "SOL",
  "ADA",
  "DOT",
  "LINK",
  "LTC",
  "XRP",
  "DOGE",
  "AVAX",
  "ATOM",
  "NEAR",
  "FIL",
  "APT",
  "ARB",
  "OP",
  "INJ",
  "SUI",
  "SEI",
  "TIA",
  "LDO",
  "UNI",
  "AAVE",
  "MKR",
  "CRV",
  "SAND",
  "MANA",
  "AXS",
  "GALA",
  "ZIL",
  "BAT",
];
/** bought in small amounts and later swept to BNB by a dust conversion */
const DUST = ["ZIL", "BAT", "GALA"];

function fmt(d: Decimal): string {
  return d.toFixed(8);
}

/**
 * A Binance account with a history: deposits (spot and funding), thousands of trades over
 * dozens of symbols (BNB fees among them), withdrawals with fees, converts, dust sweeps and
 * airdrops, generated in time order from a seed so that every balance is the sum of history.
 */
export function scriptAccount(opts: ScriptOptions): ScriptedAccount {
  const rand = rng(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const days = opts.days ?? 700;
  const start = Math.floor((opts.now - days * DAY) / DAY) * DAY;
  const end = opts.now - DAY;

  // prices: a daily walk per asset in USDT
  const startPrice: Record<string, number> = { USDT: 1 };
  for (const b of BASES)
    startPrice[b] =
      b === "BTC" ? 30000 : b === "ETH" ? 2000 : b === "BNB" ? 300 : 0.05 + rand() * 80;
  const walk = new Map<string, number[]>();
  for (const b of BASES) {
    const w = [startPrice[b] as number];
    for (let d = 1; d <= days + 1; d++)
      w.push((w[d - 1] as number) * Math.exp(0.03 * (rand() - 0.5)));
    walk.set(b, w);
  }
  const usdPrice = (asset: string, t: number) =>
    asset === "USDT"
      ? 1
      : ((walk.get(asset) as number[])[
          Math.min(days + 1, Math.max(0, Math.floor((t - start) / DAY)))
        ] as number);

  // symbols: every base against USDT, some against BTC/BNB/ETH, plus filler listings
  const listed: SymbolInfo[] = [];
  const info = (
    base: string,
    quote: string,
    status: SymbolInfo["status"] = "TRADING",
  ): SymbolInfo => ({
    symbol: `${base}${quote}`,
    status,
    baseAsset: base,
    quoteAsset: quote,
    tickSize: quote === "USDT" ? "0.00010000" : "0.00000001",
    stepSize: quote === "USDT" ? "0.00001000" : "0.00010000",
    minNotional: quote === "USDT" ? "5.00000000" : quote === "BTC" ? "0.00010000" : "0.01000000",
    notionalFilter: rand() < 0.5 ? "NOTIONAL" : "MIN_NOTIONAL",
  });
  const tradedSymbols: SymbolInfo[] = [];
  for (const b of BASES) if (b !== "USDT") tradedSymbols.push(info(b, "USDT"));
  for (const b of ["ETH", "SOL", "LINK", "ADA"]) tradedSymbols.push(info(b, "BTC"));
  tradedSymbols.push(info("SOL", "BNB"), info("LINK", "ETH"));
  // two traded pairs are halted now (status BREAK): they still answer myTrades
  const halted = new Set(["AXSUSDT", "SANDUSDT"]);
  for (const s of tradedSymbols) if (halted.has(s.symbol)) s.status = "BREAK";
  listed.push(...tradedSymbols);
  for (let i = 0; i < (opts.fillerBases ?? 380); i++) {
    const base = `Q${String(i).padStart(3, "0")}X`;
    for (const q of QUOTES) listed.push(info(base, q));
  }
  // LDO is a real asset (not a Simple Earn token): make sure it trades
  const bySymbol = new Map(tradedSymbols.map((s) => [s.symbol, s]));

  // balances as history is played
  const spot = new Map<string, Decimal>();
  const funding = new Map<string, Decimal>();
  const held = (a: string) => spot.get(a) ?? D(0);
  const move = (a: string, delta: Decimal) => spot.set(a, held(a).add(delta));

  type Ev = {
    t: number;
    kind: "deposit" | "fundingDeposit" | "trade" | "withdrawal" | "convert" | "dust" | "dividend";
  };
  const events: Ev[] = [];
  const at = (lo: number, hi: number) => Math.floor(lo + rand() * (hi - lo));
  events.push({ t: start + 3_600_000, kind: "deposit" });
  for (let i = 0; i < 40; i++) events.push({ t: at(start + DAY, end), kind: "deposit" });
  for (let i = 0; i < 3; i++) events.push({ t: at(start + DAY, end), kind: "fundingDeposit" });
  for (let i = 0; i < (opts.trades ?? 5000); i++)
    events.push({ t: at(start + 2 * DAY, end), kind: "trade" });
  for (let i = 0; i < 12; i++) events.push({ t: at(start + 10 * DAY, end), kind: "withdrawal" });
  for (let i = 0; i < 15; i++) events.push({ t: at(start + 10 * DAY, end), kind: "convert" });
  for (let i = 0; i < 10; i++) events.push({ t: at(start + 10 * DAY, end), kind: "dividend" });
  events.push({ t: end - 5 * DAY, kind: "dust" });
  events.sort((a, b) => a.t - b.t);

  const trades = new Map<string, Trade[]>();
  const deposits: Deposit[] = [];
  const withdrawals: Withdrawal[] = [];
  const converts: Convert[] = [];
  const dribblets: Dribblet[] = [];
  const dividends: Dividend[] = [];
  let orderId = 1_000_000;
  let seq = 1;
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  const utc = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 19);
  const heavy = bySymbol.get("BTCUSDT") as SymbolInfo;

  for (const ev of events) {
    const t = ev.t;
    if (ev.kind === "deposit" || ev.kind === "fundingDeposit") {
      const coin = ev.kind === "deposit" && rand() < 0.15 ? "BTC" : "USDT";
      const amount =
        coin === "USDT"
          ? D(Math.floor(500 + rand() * 19500))
          : D(rand() * 0.5)
              .toDecimalPlaces(8, Decimal.ROUND_DOWN)
              .add("0.01");
      const walletType = ev.kind === "fundingDeposit" ? 1 : 0;
      if (walletType === 1) funding.set(coin, (funding.get(coin) ?? D(0)).add(amount));
      else move(coin, amount);
      deposits.push({
        id: String(4_000_000_000 + seq++),
        amount: fmt(amount),
        coin,
        network: coin === "USDT" ? "TRX" : "BTC",
        status: 1,
        address: `addr${hex(20)}`,
        addressTag: "",
        txId: `0x${hex(64)}`,
        insertTime: t,
        completeTime: t + 600_000,
        transferType: 0,
        confirmTimes: "12/12",
        unlockConfirm: 0,
        walletType,
      });
    } else if (ev.kind === "trade") {
      const s = rand() < 0.3 ? heavy : pick(tradedSymbols);
      const priceNum = usdPrice(s.baseAsset, t) / usdPrice(s.quoteAsset, t);
      const price = D(priceNum.toPrecision(6)).toDecimalPlaces(
        s.quoteAsset === "USDT" ? 4 : 8,
        Decimal.ROUND_HALF_UP,
      );
      if (price.isZero()) continue;
      const step = s.quoteAsset === "USDT" ? 5 : 4;
      const dust = DUST.includes(s.baseAsset);
      const quoteHeld = held(s.quoteAsset);
      const wantBuy = rand() < (dust ? 0.95 : 0.55);
      let isBuyer = wantBuy && quoteHeld.gt(0);
      let qty: Decimal;
      if (isBuyer) {
        const budget = quoteHeld.mul(dust ? 0.0005 : 0.02 + rand() * 0.1);
        qty = budget.div(price).toDecimalPlaces(step, Decimal.ROUND_DOWN);
      } else {
        isBuyer = false;
        qty = held(s.baseAsset)
          .mul(0.1 + rand() * 0.5)
          .toDecimalPlaces(step, Decimal.ROUND_DOWN);
      }
      // Binance reports (and moves) the quote amount at 8 decimals
      const quoteQty = qty.mul(price).toDecimalPlaces(8, Decimal.ROUND_DOWN);
      if (qty.isZero() || quoteQty.lt(s.minNotional) || (isBuyer && quoteQty.gt(quoteHeld)))
        continue;
      // commission: in BNB (25% off) when there is enough BNB, else in the asset received
      const usdValue = quoteQty.mul(usdPrice(s.quoteAsset, t));
      const bnbFee = usdValue
        .mul("0.00075")
        .div(usdPrice("BNB", t))
        .toDecimalPlaces(8, Decimal.ROUND_UP);
      const received = isBuyer ? s.baseAsset : s.quoteAsset;
      const payBnb =
        received !== "BNB" &&
        s.baseAsset !== "BNB" &&
        s.quoteAsset !== "BNB" &&
        held("BNB").gt(bnbFee.mul(2)) &&
        rand() < 0.6;
      const commissionAsset = payBnb ? "BNB" : received;
      const commission = payBnb
        ? bnbFee
        : (isBuyer ? qty : quoteQty).mul("0.001").toDecimalPlaces(8, Decimal.ROUND_UP);
      if (isBuyer) {
        move(s.baseAsset, qty);
        move(s.quoteAsset, quoteQty.neg());
      } else {
        move(s.baseAsset, qty.neg());
        move(s.quoteAsset, quoteQty);
      }
      move(commissionAsset, commission.neg());
      const list = trades.get(s.symbol) ?? [];
      trades.set(s.symbol, list);
      list.push({
        symbol: s.symbol,
        id: 28_000_000 + list.length * 7 + Math.floor(rand() * 5),
        orderId: orderId++,
        orderListId: -1,
        price: fmt(price),
        qty: fmt(qty),
        quoteQty: fmt(quoteQty),
        commission: fmt(commission),
        commissionAsset,
        time: t,
        isBuyer,
        isMaker: rand() < 0.4,
        isBestMatch: true,
      });
    } else if (ev.kind === "withdrawal") {
      const coin = rand() < 0.2 && held("BTC").gt("0.01") ? "BTC" : "USDT";
      const fee = coin === "BTC" ? D("0.0002") : D("1");
      const amount = held(coin)
        .mul(0.05 + rand() * 0.15)
        .toDecimalPlaces(coin === "BTC" ? 6 : 2, Decimal.ROUND_DOWN);
      if (amount.isZero() || held(coin).lt(amount.add(fee))) continue;
      move(coin, amount.add(fee).neg());
      withdrawals.push({
        id: hex(32),
        amount: fmt(amount),
        transactionFee: fmt(fee),
        coin,
        status: 6,
        address: `addr${hex(20)}`,
        txId: `0x${hex(64)}`,
        applyTime: utc(t),
        completeTime: utc(t + 1_800_000),
        network: coin === "BTC" ? "BTC" : "TRX",
        transferType: 0,
        info: "",
        confirmNo: 3,
        walletType: 0,
        txKey: "",
        time: t,
      });
    } else if (ev.kind === "convert") {
      const alt = pick(BASES.filter((b) => !DUST.includes(b) && b !== "BTC"));
      const fromUsdt = rand() < 0.6 || held(alt).isZero();
      const from = fromUsdt ? "USDT" : alt;
      const to = fromUsdt ? alt : "USDT";
      const fromAmount = held(from)
        .mul(0.02 + rand() * 0.05)
        .toDecimalPlaces(fromUsdt ? 2 : 6, Decimal.ROUND_DOWN);
      if (fromAmount.isZero()) continue;
      const ratio = D((usdPrice(from, t) / usdPrice(to, t)).toPrecision(8));
      const toAmount = fromAmount.mul(ratio).toDecimalPlaces(8, Decimal.ROUND_DOWN);
      move(from, fromAmount.neg());
      move(to, toAmount);
      converts.push({
        quoteId: hex(32),
        orderId: (940708407462087195n + BigInt(seq++)).toString(),
        orderStatus: "SUCCESS",
        fromAsset: from,
        fromAmount: fmt(fromAmount),
        toAsset: to,
        toAmount: fmt(toAmount),
        ratio: fmt(ratio),
        inverseRatio: D(1).div(ratio).toDecimalPlaces(8).toFixed(8),
        createTime: t,
      });
    } else if (ev.kind === "dust") {
      const details: DribbletDetail[] = [];
      const transId = 70_899_815_000 + seq++;
      for (const a of DUST) {
        const amount = held(a);
        if (amount.lte(0)) continue;
        const bnb = amount
          .mul(usdPrice(a, t))
          .div(usdPrice("BNB", t))
          .toDecimalPlaces(8, Decimal.ROUND_DOWN);
        const charge = bnb.mul("0.02").toDecimalPlaces(8, Decimal.ROUND_UP);
        const transfered = bnb.sub(charge);
        move(a, amount.neg());
        move("BNB", transfered);
        details.push({
          transId,
          serviceChargeAmount: fmt(charge),
          amount: fmt(amount),
          operateTime: t,
          transferedAmount: fmt(transfered),
          fromAsset: a,
        });
      }
      if (details.length) {
        dribblets.push({
          operateTime: t,
          totalTransferedAmount: fmt(details.reduce((s, d) => s.add(d.transferedAmount), D(0))),
          totalServiceChargeAmount: fmt(
            details.reduce((s, d) => s.add(d.serviceChargeAmount), D(0)),
          ),
          transId,
          userAssetDribbletDetails: details,
        });
      }
    } else if (ev.kind === "dividend") {
      const asset = rand() < 0.5 ? "BNB" : "ARB";
      const amount = D(rand() * 2)
        .toDecimalPlaces(8, Decimal.ROUND_DOWN)
        .add("0.00000001");
      move(asset, amount);
      dividends.push({
        id: 1_637_366_000 + seq++,
        amount: fmt(amount),
        asset,
        divTime: t,
        enInfo: asset === "BNB" ? "BNB Vault" : "ARB airdrop",
        tranId: 2_968_885_000 + seq++,
      });
    }
  }

  const spotOut = new Map<string, { free: string; locked: string }>();
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
  const { fiatOrders, fiatPayments, earn } = scriptEarnAndFiat(
    end,
    (asset) => spot.get(asset) ?? D(0),
    move,
  );
  // a gift card redeemed into spot: Binance moved 25 USDT that no endpoint we read shows
  move("USDT", D(25));
  for (const [asset, amount] of spot) {
    if (amount.lt(0)) throw new Error(`script drove ${asset} negative: ${amount.toFixed()}`);
    // an open order holds 10% of the USDT
    const locked =
      asset === "USDT" ? amount.mul("0.1").toDecimalPlaces(8, Decimal.ROUND_DOWN) : D(0);
    spotOut.set(asset, { free: fmt(amount.sub(locked)), locked: fmt(locked) });
  }
  // a deposit that stays pending for days (credited later by /__admin/credit-deposit: it counts
  // in no balance until then), and a withdrawal Binance rejected (nothing left the balance)
  deposits.push({
    id: String(4_000_000_000 + seq++),
    amount: "1234.00000000",
    coin: "USDT",
    network: "TRX",
    status: 0,
    address: `addr${hex(20)}`,
    addressTag: "",
    txId: `0x${hex(64)}`,
    insertTime: end - 20 * DAY,
    completeTime: 0,
    transferType: 0,
    confirmTimes: "1/12",
    unlockConfirm: 0,
    walletType: 0,
  });
  withdrawals.push({
    id: hex(32),
    amount: "250",
    transactionFee: "1",
    coin: "USDT",
    status: 3,
    address: `addr${hex(20)}`,
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
  // P2P: 500 USDT bought for euros and 100 sold, into and out of the funding wallet (the euros
  // change hands off Binance), and a cancelled order that moved nothing
  const p2p: P2POrder[] = [];
  for (const [tradeType, amount, unit, status, daysAgo] of [
    ["BUY", "500", "0.92", "COMPLETED", 40],
    ["SELL", "100", "0.93", "COMPLETED", 30],
    ["BUY", "250", "0.91", "CANCELLED", 25],
  ] as const) {
    if (status === "COMPLETED") {
      const sign = tradeType === "BUY" ? 1 : -1;
      funding.set("USDT", (funding.get("USDT") ?? D(0)).add(D(amount).mul(sign)));
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
  // Binance Pay: 50 USDT received from a friend, 20 paid to a merchant, from the funding wallet
  const pay: PayTransaction[] = [];
  for (const [orderType, amount, daysAgo, other] of [
    ["C2C", "50", 60, "USER"],
    ["PAY", "-20", 50, "MERCHANT"],
  ] as const) {
    funding.set("USDT", (funding.get("USDT") ?? D(0)).add(amount));
    const abs = D(amount).abs().toFixed(8);
    const them = { name: other === "USER" ? "A friend" : "Coffee Shop", type: other };
    const me = { name: "Me", type: "USER" as const, binanceId: ACCOUNT_UID_IN_SCRIPT };
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
  // the Simple Earn flexible position shows in spot as an LD token too, as Binance shows it
  // (rotki: counted through the Earn endpoints, never both)
  spotOut.set("LDUSDT", { free: "150.50000000", locked: "0.00000000" });
  const fundingOut = new Map(
    [...funding].map(([a, v]) => [a, { free: fmt(v), locked: "0.00000000", freeze: "0.00000000" }]),
  );
  // fiat markets (EUR and GBP against USDT), as Binance lists them: a price service reaches
  // those currencies through them; and USDC against USDT, a stablecoin a few hundredths of a
  // percent off par, as it trades. Their walk is a gentle wave, drawn from no random number,
  // so the account's own script is the same with them or without
  for (const [fiat, level, period, swing] of [
    ["EUR", 1.08, 30, 0.02],
    ["GBP", 1.27, 45, 0.02],
    ["USDC", 0.9997, 7, 0.0002],
  ] as const) {
    startPrice[fiat] = level;
    walk.set(
      fiat,
      Array.from({ length: days + 2 }, (_, d) => level * (1 + swing * Math.sin(d / period))),
    );
    listed.push({
      symbol: `${fiat}USDT`,
      status: "TRADING",
      baseAsset: fiat,
      quoteAsset: "USDT",
      tickSize: "0.00010000",
      stepSize: "0.01000000",
      minNotional: "5.00000000",
      notionalFilter: "NOTIONAL",
    });
  }
  const prices = new Map<string, string>();
  for (const s of listed) {
    const p =
      s.baseAsset in startPrice
        ? usdPrice(s.baseAsset, opts.now) / usdPrice(s.quoteAsset, opts.now)
        : 1 + (s.symbol.length % 7);
    prices.set(s.symbol, D(p.toPrecision(8)).toFixed(8));
  }
  return {
    listed,
    trades,
    deposits,
    withdrawals,
    converts,
    dribblets,
    dividends,
    p2p,
    pay,
    spot: spotOut,
    funding: fundingOut,
    futures,
    margin,
    transfers,
    priceAt: (symbol: string, t: number) => {
      const info = listed.find((x) => x.symbol === symbol);
      if (!info || !(info.baseAsset in startPrice) || !(info.quoteAsset in startPrice)) return null;
      return usdPrice(info.baseAsset, t) / usdPrice(info.quoteAsset, t);
    },
    fiatOrders,
    fiatPayments,
    earn,
    prices,
    start,
    commission: { maker: "0.00060000", taker: "0.00080000" },
  };
}

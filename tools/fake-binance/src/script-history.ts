import { Decimal } from "decimal.js";
import type {
  Convert,
  Deposit,
  Dividend,
  Dribblet,
  DribbletDetail,
  Trade,
  Withdrawal,
} from "./account-types.ts";
import { BASES, DUST, type Market } from "./script-market.ts";
import { D, DAY, fmt, type ScriptState, utc } from "./script-state.ts";
import { scriptTrade } from "./script-trade.ts";

/** What the account did over its history, in time order. */
export interface History {
  trades: Map<string, Trade[]>;
  deposits: Deposit[];
  withdrawals: Withdrawal[];
  converts: Convert[];
  dribblets: Dribblet[];
  dividends: Dividend[];
}

type Kind = "deposit" | "fundingDeposit" | "trade" | "withdrawal" | "convert" | "dust" | "dividend";

/** When each thing happens: a first deposit an hour in, then the rest at random times. */
function schedule(st: ScriptState, start: number, end: number, trades: number) {
  const events: { t: number; kind: Kind }[] = [];
  const at = (lo: number, hi: number) => Math.floor(lo + st.rand() * (hi - lo));
  events.push({ t: start + 3_600_000, kind: "deposit" });
  for (let i = 0; i < 40; i++) events.push({ t: at(start + DAY, end), kind: "deposit" });
  for (let i = 0; i < 3; i++) events.push({ t: at(start + DAY, end), kind: "fundingDeposit" });
  for (let i = 0; i < trades; i++) events.push({ t: at(start + 2 * DAY, end), kind: "trade" });
  for (let i = 0; i < 12; i++) events.push({ t: at(start + 10 * DAY, end), kind: "withdrawal" });
  for (let i = 0; i < 15; i++) events.push({ t: at(start + 10 * DAY, end), kind: "convert" });
  for (let i = 0; i < 10; i++) events.push({ t: at(start + 10 * DAY, end), kind: "dividend" });
  events.push({ t: end - 5 * DAY, kind: "dust" });
  events.sort((a, b) => a.t - b.t);
  return events;
}

/**
 * Plays the account's history from `start` to `end`: deposits (spot and funding), trades,
 * withdrawals with fees, converts, a dust sweep and airdrops, each moving the balances in `st`.
 */
export function scriptHistory(
  st: ScriptState,
  market: Market,
  start: number,
  end: number,
  tradeCount: number,
): History {
  const h: History = {
    trades: new Map(),
    deposits: [],
    withdrawals: [],
    converts: [],
    dribblets: [],
    dividends: [],
  };
  for (const { t, kind } of schedule(st, start, end, tradeCount)) {
    if (kind === "deposit" || kind === "fundingDeposit") deposit(st, h, t, kind);
    else if (kind === "trade") scriptTrade(st, market, h.trades, t);
    else if (kind === "withdrawal") withdrawal(st, h, t);
    else if (kind === "convert") convert(st, market, h, t);
    else if (kind === "dust") dust(st, market, h, t);
    else dividend(st, h, t);
  }
  return h;
}

function deposit(st: ScriptState, h: History, t: number, kind: "deposit" | "fundingDeposit") {
  const { rand, hex } = st;
  const coin = kind === "deposit" && rand() < 0.15 ? "BTC" : "USDT";
  const amount =
    coin === "USDT"
      ? D(Math.floor(500 + rand() * 19500))
      : D(rand() * 0.5)
          .toDecimalPlaces(8, Decimal.ROUND_DOWN)
          .add("0.01");
  const walletType = kind === "fundingDeposit" ? 1 : 0;
  if (walletType === 1) st.funding.set(coin, (st.funding.get(coin) ?? D(0)).add(amount));
  else st.move(coin, amount);
  h.deposits.push({
    id: String(4_000_000_000 + st.seq()),
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
}

function withdrawal(st: ScriptState, h: History, t: number) {
  const { rand, hex, held } = st;
  const coin = rand() < 0.2 && held("BTC").gt("0.01") ? "BTC" : "USDT";
  const fee = coin === "BTC" ? D("0.0002") : D("1");
  const amount = held(coin)
    .mul(0.05 + rand() * 0.15)
    .toDecimalPlaces(coin === "BTC" ? 6 : 2, Decimal.ROUND_DOWN);
  if (amount.isZero() || held(coin).lt(amount.add(fee))) return;
  st.move(coin, amount.add(fee).neg());
  h.withdrawals.push({
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
}

function convert(st: ScriptState, market: Market, h: History, t: number) {
  const { rand, held } = st;
  const alt = st.pick(BASES.filter((b) => !DUST.includes(b) && b !== "BTC"));
  const fromUsdt = rand() < 0.6 || held(alt).isZero();
  const from = fromUsdt ? "USDT" : alt;
  const to = fromUsdt ? alt : "USDT";
  const fromAmount = held(from)
    .mul(0.02 + rand() * 0.05)
    .toDecimalPlaces(fromUsdt ? 2 : 6, Decimal.ROUND_DOWN);
  if (fromAmount.isZero()) return;
  const ratio = D((market.usdPrice(from, t) / market.usdPrice(to, t)).toPrecision(8));
  const toAmount = fromAmount.mul(ratio).toDecimalPlaces(8, Decimal.ROUND_DOWN);
  st.move(from, fromAmount.neg());
  st.move(to, toAmount);
  h.converts.push({
    quoteId: st.hex(32),
    orderId: (940708407462087195n + BigInt(st.seq())).toString(),
    orderStatus: "SUCCESS",
    fromAsset: from,
    fromAmount: fmt(fromAmount),
    toAsset: to,
    toAmount: fmt(toAmount),
    ratio: fmt(ratio),
    inverseRatio: D(1).div(ratio).toDecimalPlaces(8).toFixed(8),
    createTime: t,
  });
}

/** the dust sweep: every dust asset held, to BNB, 2% charged */
function dust(st: ScriptState, market: Market, h: History, t: number) {
  const details: DribbletDetail[] = [];
  const transId = 70_899_815_000 + st.seq();
  for (const a of DUST) {
    const amount = st.held(a);
    if (amount.lte(0)) continue;
    const bnb = amount
      .mul(market.usdPrice(a, t))
      .div(market.usdPrice("BNB", t))
      .toDecimalPlaces(8, Decimal.ROUND_DOWN);
    const charge = bnb.mul("0.02").toDecimalPlaces(8, Decimal.ROUND_UP);
    const transfered = bnb.sub(charge);
    st.move(a, amount.neg());
    st.move("BNB", transfered);
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
    h.dribblets.push({
      operateTime: t,
      totalTransferedAmount: fmt(details.reduce((s, d) => s.add(d.transferedAmount), D(0))),
      totalServiceChargeAmount: fmt(details.reduce((s, d) => s.add(d.serviceChargeAmount), D(0))),
      transId,
      userAssetDribbletDetails: details,
    });
  }
}

function dividend(st: ScriptState, h: History, t: number) {
  const asset = st.rand() < 0.5 ? "BNB" : "ARB";
  const amount = D(st.rand() * 2)
    .toDecimalPlaces(8, Decimal.ROUND_DOWN)
    .add("0.00000001");
  st.move(asset, amount);
  h.dividends.push({
    id: 1_637_366_000 + st.seq(),
    amount: fmt(amount),
    asset,
    divTime: t,
    enInfo: asset === "BNB" ? "BNB Vault" : "ARB airdrop",
    tranId: 2_968_885_000 + st.seq(),
  });
}

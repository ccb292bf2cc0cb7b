import { Decimal } from "decimal.js";
import type { Trade } from "./account-types.ts";
import type { SymbolInfo } from "./exchange-info.ts";
import { DUST, type Market } from "./script-market.ts";
import { D, fmt, type ScriptState } from "./script-state.ts";

/**
 * One scripted trade at `t`: BTCUSDT three times in ten, else any traded symbol; a buy spends a
 * slice of the quote held (dust bases a sliver, to be swept later), a sell a slice of the base;
 * the fee in BNB (25% off) when there is enough BNB, else in the asset received. Nothing when
 * the amounts round to nothing or below the symbol's minimum notional.
 */
export function scriptTrade(
  st: ScriptState,
  market: Market,
  trades: Map<string, Trade[]>,
  t: number,
): void {
  const { rand, held, move } = st;
  const heavy = market.traded.find((x) => x.symbol === "BTCUSDT") as SymbolInfo;
  const s = rand() < 0.3 ? heavy : st.pick(market.traded);
  const priceNum = market.usdPrice(s.baseAsset, t) / market.usdPrice(s.quoteAsset, t);
  const price = D(priceNum.toPrecision(6)).toDecimalPlaces(
    s.quoteAsset === "USDT" ? 4 : 8,
    Decimal.ROUND_HALF_UP,
  );
  if (price.isZero()) return;
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
  if (qty.isZero() || quoteQty.lt(s.minNotional) || (isBuyer && quoteQty.gt(quoteHeld))) return;
  // commission: in BNB (25% off) when there is enough BNB, else in the asset received
  const usdValue = quoteQty.mul(market.usdPrice(s.quoteAsset, t));
  const bnbFee = usdValue
    .mul("0.00075")
    .div(market.usdPrice("BNB", t))
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
    orderId: st.orderId(),
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
}

import { Decimal } from "decimal.js";
import type { ScriptedAccount, Trade } from "./account-types.ts";

export interface FillRequest {
  symbol: string;
  side: "BUY" | "SELL";
  /** base quantity */
  qty: string;
  /** default: the symbol's ticker price */
  price?: string;
}

export type FillOutcome =
  | { ok: true; trade: Trade; events: object[] }
  | { ok: false; error: string };

const D = (x: Decimal.Value) => new Decimal(x);

let nextOrderId = 9_000_000_000;

/**
 * A market order filled at once, as the matching engine would: the spot balances move (the
 * commission, at the account's taker rate, taken from what was received), the trade joins
 * `myTrades`, and the user data stream's events for it are returned in Binance's order: the
 * order's `executionReport` NEW, its TRADE (FILLED), then `outboundAccountPosition` with the
 * assets that changed (user-data-stream.md).
 */
export function executeFill(account: ScriptedAccount, req: FillRequest, now: number): FillOutcome {
  const info = account.listed.find((s) => s.symbol === req.symbol);
  if (!info) return { ok: false, error: `symbol ${req.symbol} is not listed` };
  const price = D(req.price ?? account.prices.get(req.symbol) ?? "0");
  const qty = D(req.qty);
  if (!(price.gt(0) && qty.gt(0))) return { ok: false, error: "qty and price must be positive" };
  const quoteQty = qty.mul(price);
  const taker = D(account.commission.taker);
  const buy = req.side === "BUY";
  const spend = buy
    ? { asset: info.quoteAsset, amount: quoteQty }
    : { asset: info.baseAsset, amount: qty };
  const get = { asset: buy ? info.baseAsset : info.quoteAsset, amount: buy ? qty : quoteQty };
  const held = D(account.spot.get(spend.asset)?.free ?? "0");
  if (held.lt(spend.amount))
    return { ok: false, error: `insufficient ${spend.asset}: ${held} < ${spend.amount}` };
  const commission = get.amount.mul(taker);
  const move = (asset: string, delta: Decimal) => {
    const cur = account.spot.get(asset) ?? { free: "0", locked: "0" };
    account.spot.set(asset, { ...cur, free: D(cur.free).add(delta).toFixed(8) });
  };
  move(spend.asset, spend.amount.neg());
  move(get.asset, get.amount.sub(commission));

  const trades = account.trades.get(req.symbol) ?? [];
  const id = trades.reduce((m, t) => Math.max(m, t.id), 0) + 1;
  const orderId = nextOrderId++;
  const trade: Trade = {
    symbol: req.symbol,
    id,
    orderId,
    orderListId: -1,
    price: price.toFixed(8),
    qty: qty.toFixed(8),
    quoteQty: quoteQty.toFixed(8),
    commission: commission.toFixed(8),
    commissionAsset: get.asset,
    time: now,
    isBuyer: buy,
    isMaker: false,
    isBestMatch: true,
  };
  trades.push(trade);
  account.trades.set(req.symbol, trades);

  const order = {
    e: "executionReport",
    E: now,
    s: req.symbol,
    c: `fake${orderId}`,
    S: req.side,
    o: "MARKET",
    f: "GTC",
    q: trade.qty,
    p: "0.00000000",
    P: "0.00000000",
    F: "0.00000000",
    g: -1,
    C: "",
    r: "NONE",
    i: orderId,
    O: now,
    M: false,
    Q: "0.00000000",
    V: "EXPIRE_MAKER",
  };
  const events: object[] = [
    {
      ...order,
      x: "NEW",
      X: "NEW",
      l: "0.00000000",
      z: "0.00000000",
      L: "0.00000000",
      n: "0",
      N: null,
      T: now,
      t: -1,
      I: orderId * 2,
      w: true,
      m: false,
      Z: "0.00000000",
      Y: "0.00000000",
      W: now,
    },
    {
      ...order,
      x: "TRADE",
      X: "FILLED",
      l: trade.qty,
      z: trade.qty,
      L: trade.price,
      n: trade.commission,
      N: trade.commissionAsset,
      T: now,
      t: id,
      I: orderId * 2 + 1,
      w: false,
      m: false,
      Z: trade.quoteQty,
      Y: trade.quoteQty,
    },
    positionEvent(account, [spend.asset, get.asset], now),
  ];
  return { ok: true, trade, events };
}

/** `outboundAccountPosition`: the spot balances (free, locked) of `assets` as they are now. */
export function positionEvent(account: ScriptedAccount, assets: string[], now: number): object {
  return {
    e: "outboundAccountPosition",
    E: now,
    u: now,
    B: [...new Set(assets)].map((a) => {
      const b = account.spot.get(a) ?? { free: "0", locked: "0" };
      return { a, f: D(b.free).toFixed(8), l: D(b.locked).toFixed(8) };
    }),
  };
}

import { Dec, formatAmount, isMultipleOf } from "../money/decimal.js";
import { compareMoney, type Money, money } from "../money/money.js";

export type TradeSide = "buy" | "sell";

export interface TradeRequest {
  side: TradeSide;
  /** the asset bought or sold */
  base: string;
  /** the asset paid with (buy) or received (sell) */
  quote: string;
  quantity: Dec;
  /** quote per unit of base */
  price: Dec;
}

/** Exchange trading rules for one symbol (Binance's filters; every field optional). */
export interface SymbolRules {
  symbol: string;
  status?: string;
  priceFilter?: { minPrice: Dec; maxPrice: Dec; tickSize: Dec };
  lotSize?: { minQty: Dec; maxQty: Dec; stepSize: Dec };
  /** MIN_NOTIONAL / NOTIONAL: price × quantity bounds; zero max means none */
  notional?: { filter: "MIN_NOTIONAL" | "NOTIONAL"; minNotional: Dec; maxNotional: Dec };
  /** the account's own fee rates on this symbol, as fractions (Binance: standard + special + tax) */
  commission?: { maker: Dec; taker: Dec };
}

export interface TradeCheckContext {
  /** what may be spent now, per asset (free − reserved) */
  available: ReadonlyMap<string, Dec>;
  /** fee as a fraction of the spent amount, charged on top of it; 0 when unknown */
  feeRate?: Dec;
  rules?: SymbolRules;
  /**
   * false while the account's balances have never been read from its platform (an initial sync
   * still running): the check is refused as BALANCES_UNKNOWN, not as insufficient funds
   */
  balancesKnown?: boolean;
  /** false when the platform was asked and does not list the pair at all */
  symbolListed?: boolean;
}

export type TradeViolationCode =
  | "INVALID_QUANTITY"
  | "INVALID_PRICE"
  | "SAME_ASSET"
  | "INSUFFICIENT_FUNDS"
  | "BALANCES_UNKNOWN"
  | "SYMBOL_NOT_TRADING"
  | "UNKNOWN_SYMBOL"
  | "PRICE_FILTER"
  | "LOT_SIZE"
  | "MIN_NOTIONAL"
  | "NOTIONAL";

export interface TradeViolation {
  code: TradeViolationCode;
  message: string;
  details?: Record<string, string>;
}

export interface TradeCheckResult {
  ok: boolean;
  violations: TradeViolation[];
  /** the asset and amount the trade spends, fee included */
  spends: Money;
  available: Money;
  notional: Dec;
}

/**
 * Decides whether a trade may be placed. It never approves a trade whose spend (quantity for a
 * sell; quantity × price × (1 + feeRate) for a buy) exceeds what is available, and it reports
 * every violation at once, each with a stable code, so a bot can tell why.
 */
export function checkTrade(req: TradeRequest, ctx: TradeCheckContext): TradeCheckResult {
  const violations: TradeViolation[] = [];
  const notional = req.quantity.mul(req.price);
  const feeRate = ctx.feeRate ?? new Dec(0);

  if (!req.quantity.gt(0))
    violations.push({ code: "INVALID_QUANTITY", message: "quantity must be greater than zero" });
  if (!req.price.gt(0))
    violations.push({ code: "INVALID_PRICE", message: "price must be greater than zero" });
  if (req.base === req.quote)
    violations.push({ code: "SAME_ASSET", message: "base and quote must differ" });

  const spendAsset = req.side === "buy" ? req.quote : req.base;
  const spends = money(
    spendAsset,
    req.side === "buy" ? notional.mul(feeRate.add(1)) : req.quantity,
  );
  const available = money(spendAsset, ctx.available.get(spendAsset) ?? new Dec(0));
  if (ctx.balancesKnown === false) {
    violations.push({
      code: "BALANCES_UNKNOWN",
      message:
        "the account's balances have not been read from its platform yet; retry once its initial sync is done",
    });
  } else if (compareMoney(spends, available) > 0) {
    violations.push({
      code: "INSUFFICIENT_FUNDS",
      message: `needs ${formatAmount(spends.amount)} ${spendAsset}, ${formatAmount(available.amount)} available`,
      details: {
        asset: spendAsset,
        required: formatAmount(spends.amount),
        available: formatAmount(available.amount),
      },
    });
  }
  if (ctx.symbolListed === false)
    violations.push({
      code: "UNKNOWN_SYMBOL",
      message: `the platform lists no ${req.base}/${req.quote} market`,
      details: { base: req.base, quote: req.quote },
    });
  if (ctx.rules) violations.push(...checkSymbolRules(req, notional, ctx.rules));

  return {
    ok: violations.length === 0,
    violations,
    spends,
    available,
    notional,
  };
}

function checkSymbolRules(req: TradeRequest, notional: Dec, rules: SymbolRules): TradeViolation[] {
  const out: TradeViolation[] = [];
  if (rules.status !== undefined && rules.status !== "TRADING") {
    out.push({
      code: "SYMBOL_NOT_TRADING",
      message: `${rules.symbol} is ${rules.status}`,
      details: { status: rules.status },
    });
  }
  const pf = rules.priceFilter;
  if (pf) {
    const bad =
      (pf.minPrice.gt(0) && req.price.lt(pf.minPrice)) ||
      (pf.maxPrice.gt(0) && req.price.gt(pf.maxPrice)) ||
      !isMultipleOf(req.price, pf.tickSize);
    if (bad) {
      out.push({
        code: "PRICE_FILTER",
        message: `price must be within [${formatAmount(pf.minPrice)}, ${formatAmount(pf.maxPrice)}] in steps of ${formatAmount(pf.tickSize)}`,
        details: {
          filter: "PRICE_FILTER",
          minPrice: formatAmount(pf.minPrice),
          maxPrice: formatAmount(pf.maxPrice),
          tickSize: formatAmount(pf.tickSize),
        },
      });
    }
  }
  const ls = rules.lotSize;
  if (ls) {
    const bad =
      (ls.minQty.gt(0) && req.quantity.lt(ls.minQty)) ||
      (ls.maxQty.gt(0) && req.quantity.gt(ls.maxQty)) ||
      !isMultipleOf(req.quantity, ls.stepSize);
    if (bad) {
      out.push({
        code: "LOT_SIZE",
        message: `quantity must be within [${formatAmount(ls.minQty)}, ${formatAmount(ls.maxQty)}] in steps of ${formatAmount(ls.stepSize)}`,
        details: {
          filter: "LOT_SIZE",
          minQty: formatAmount(ls.minQty),
          maxQty: formatAmount(ls.maxQty),
          stepSize: formatAmount(ls.stepSize),
        },
      });
    }
  }
  const nf = rules.notional;
  if (
    nf &&
    (notional.lt(nf.minNotional) || (nf.maxNotional.gt(0) && notional.gt(nf.maxNotional)))
  ) {
    out.push({
      code: nf.filter,
      message: `notional ${formatAmount(notional)} outside [${formatAmount(nf.minNotional)}, ${nf.maxNotional.gt(0) ? formatAmount(nf.maxNotional) : "∞"}]`,
      details: {
        filter: nf.filter,
        notional: formatAmount(notional),
        minNotional: formatAmount(nf.minNotional),
      },
    });
  }
  return out;
}

import { checkTrade, formatAmount, parseAmount } from "@portfolio/core";
import type { TradeCheckInput, TradeCheckView } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";
import { availableByAsset } from "./views.js";

/** Checks a trade against this account's available funds, inside the object, so checks see every fill. */
export function checkAccountTrade(
  store: AccountStore,
  accountId: string,
  input: TradeCheckInput,
  feeRate: string | null,
  balancesSyncedAt: string | null,
  now: number,
): TradeCheckView {
  const r = checkTrade(
    {
      side: input.side,
      base: input.base,
      quote: input.quote,
      quantity: parseAmount(input.quantity, "quantity"),
      price: parseAmount(input.price, "price"),
    },
    {
      available: availableByAsset(store, now),
      ...(feeRate ? { feeRate: parseAmount(feeRate, "feeRate") } : {}),
    },
  );
  return {
    accountId,
    ok: r.ok,
    violations: r.violations,
    spends: { asset: r.spends.asset, amount: formatAmount(r.spends.amount) },
    available: { asset: r.available.asset, amount: formatAmount(r.available.amount) },
    notional: formatAmount(r.notional),
    balancesSyncedAt,
  };
}

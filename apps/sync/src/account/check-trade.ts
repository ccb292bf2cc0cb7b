import { checkTrade, formatAmount, parseAmount, type SymbolRules } from "@portfolio/core";
import type { TradeCheckInput, TradeCheckView } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";
import { availableByAsset } from "./views.js";

export interface TradeCheckSettings {
  feeRate: string | null;
  /** the balances are older than the staleness limit (see isStale), and how old, in seconds */
  stale: boolean;
  balancesAgeSeconds: number | null;
  rules: SymbolRules | null;
  rulesChecked: TradeCheckView["rulesChecked"];
  balancesSyncedAt: string | null;
  now: number;
}

/**
 * Checks a trade against this account's available funds, inside the object, so checks see every
 * fill and hold. A hold the caller names counts as available to it.
 */
export function checkAccountTrade(
  store: AccountStore,
  accountId: string,
  input: TradeCheckInput,
  s: TradeCheckSettings,
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
      available: availableByAsset(store, s.now, input.reservationId, [input.base, input.quote]),
      balancesKnown: store.balances.snapshot().platformAsOf !== null,
      ...(s.rulesChecked === "unknown_symbol" ? { symbolListed: false } : {}),
      ...(s.feeRate ? { feeRate: parseAmount(s.feeRate, "feeRate") } : {}),
      ...(s.rules ? { rules: s.rules } : {}),
    },
  );
  return {
    accountId,
    ok: r.ok,
    violations: r.violations,
    spends: { asset: r.spends.asset, amount: formatAmount(r.spends.amount) },
    available: { asset: r.available.asset, amount: formatAmount(r.available.amount) },
    notional: formatAmount(r.notional),
    rulesChecked: s.rulesChecked,
    feeRate: s.feeRate,
    balancesSyncedAt: s.balancesSyncedAt,
    stale: s.stale,
    balancesAgeSeconds: s.balancesAgeSeconds,
    balancesVersion: store.balances.snapshot().version,
  };
}

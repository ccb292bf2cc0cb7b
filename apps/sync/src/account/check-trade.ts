import type { PlatformAdapter } from "@portfolio/adapters";
import {
  checkTrade,
  type Dec,
  formatAmount,
  isoTimeOrNull,
  parseAmount,
  type SymbolRules,
} from "@portfolio/core";
import type { TradeCheckInput, TradeCheckView } from "../rpc-types.js";
import type { AccountRecord, AccountStore } from "../storage/account-store.js";
import { freshness } from "./account-state.js";
import { saveLimits } from "./adapter-slot.js";
import { availableByAsset } from "./available.js";
import type { AccountWiring } from "./wiring.js";

/** A fee rate both ways: as the trade check computes with it and as it answers it. */
interface FeeRate {
  rate: Dec;
  text: string;
}

/** The last fee rate read: an account checks trade after trade at the same one. */
let lastFee: FeeRate | null = null;

function feeRateOf(rate: Dec | string): FeeRate {
  const same = typeof rate === "string" ? lastFee?.text === rate : lastFee?.rate === rate;
  if (lastFee && same) return lastFee;
  lastFee =
    typeof rate === "string"
      ? { rate: parseAmount(rate, "feeRate"), text: rate }
      : { rate, text: formatAmount(rate) };
  return lastFee;
}

export interface TradeCheckSettings {
  feeRate: FeeRate | null;
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
      ...(s.feeRate ? { feeRate: s.feeRate.rate } : {}),
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
    feeRate: s.feeRate?.text ?? null,
    balancesSyncedAt: s.balancesSyncedAt,
    stale: s.stale,
    balancesAgeSeconds: s.balancesAgeSeconds,
    balancesVersion: store.balances.snapshot().version,
  };
}

export type TradeCheckDeps = Pick<AccountWiring, "store" | "rules" | "live" | "waitUntil" | "now">;

/**
 * A trade check as the account answers it: with the exchange's rules and the account's fee rate
 * as stored, never waiting on the platform, and with how current the balances are.
 */
export function answerTradeCheck(
  d: TradeCheckDeps,
  adapter: PlatformAdapter,
  account: AccountRecord,
  input: TradeCheckInput,
): TradeCheckView {
  const now = d.now();
  const rules = d.rules();
  // the exchange's own rules (step size, minimum notional…) from storage; never fetched
  // while the bot waits: missing or old rules are refreshed behind the answer
  const known = rules.known(adapter, input.base, input.quote, now);
  // never behind a ban: nothing goes to the platform until it ends
  if (known.refresh && !((adapter.blockedUntil?.() ?? 0) > now))
    d.waitUntil(
      rules
        .refresh(adapter, input.base, input.quote, () => Date.now())
        .then(() => saveLimits(d, adapter)),
    );
  const fresh = freshness(d, account, now);
  return checkAccountTrade(d.store, account.id, input, {
    // the account's own taker rate on this symbol, once its rules are stored; else the
    // platform's published default
    feeRate: known.rules?.commission
      ? feeRateOf(known.rules.commission.taker)
      : adapter.takerFeeRate
        ? feeRateOf(adapter.takerFeeRate)
        : null,
    rules: known.rules,
    rulesChecked: known.checked,
    balancesSyncedAt: isoTimeOrNull(fresh.lastSuccess),
    stale: fresh.stale,
    // 0 while the feed is live: the balances are the platform's as of now
    balancesAgeSeconds: fresh.asOf === null ? null : Math.floor((now - fresh.asOf) / 1000),
    now,
  });
}

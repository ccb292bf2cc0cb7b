import type { PairRules, PlatformAdapter } from "@portfolio/adapters";
import { Dec, formatAmount, type SymbolRules } from "@portfolio/core";
import type { TradeCheckView } from "../rpc-types.js";
import type { AccountStore } from "../storage/account-store.js";

/**
 * How long stored rules are trusted before a refresh (they change rarely): a sync stores the
 * rules of the account's pairs once a day; a pair a check names that no sync stored is fetched
 * behind that check.
 */
export const SYMBOL_RULES_TTL_MS = 24 * 3_600_000;

type Wire = Record<string, unknown>;

/** pairs kept in memory at most (listed pairs come back from storage) */
const MEMORY_MAX = 2048;

function toWire(r: SymbolRules): Wire {
  return JSON.parse(
    JSON.stringify(r, (_k, v) => (Dec.isDecimal(v) ? formatAmount(v as Dec) : v)),
  ) as Wire;
}

function fromWire(w: Wire): SymbolRules {
  const dec = (o: unknown) =>
    Object.fromEntries(
      Object.entries(o as Record<string, string>).map(([k, v]) => [
        k,
        k === "filter" ? v : new Dec(v),
      ]),
    );
  return {
    symbol: String(w.symbol),
    ...(typeof w.status === "string" ? { status: w.status } : {}),
    ...(w.priceFilter ? { priceFilter: dec(w.priceFilter) as SymbolRules["priceFilter"] } : {}),
    ...(w.lotSize ? { lotSize: dec(w.lotSize) as SymbolRules["lotSize"] } : {}),
    ...(w.notional ? { notional: dec(w.notional) as SymbolRules["notional"] } : {}),
    ...(w.commission ? { commission: dec(w.commission) as SymbolRules["commission"] } : {}),
  };
}

export interface KnownRules {
  rules: SymbolRules | null;
  checked: TradeCheckView["rulesChecked"];
  /** a background refresh is due (never fetched, or older than the TTL) */
  refresh: boolean;
}

/**
 * The exchange's rules for base/quote from the object's storage: a trade check never waits on
 * the platform for them. Missing rules leave the check `unavailable` and ask for a refresh.
 */
export class SymbolRulesCache {
  private readonly memory = new Map<string, { rules: SymbolRules | null; fetchedAt: number }>();
  private readonly refreshing = new Set<string>();

  constructor(private readonly store: AccountStore) {}

  known(adapter: PlatformAdapter, base: string, quote: string, now: number): KnownRules {
    if (!adapter.getSymbolRules) return { rules: null, checked: "not_applicable", refresh: false };
    const pair = `${base}/${quote}`;
    let entry = this.memory.get(pair);
    if (!entry) {
      const row = this.store.symbolRules(pair);
      if (row) {
        entry = { rules: row.rules ? fromWire(row.rules) : null, fetchedAt: row.fetchedAt };
        this.memory.set(pair, entry);
      }
    }
    const refresh = !entry || now - entry.fetchedAt > SYMBOL_RULES_TTL_MS;
    if (!entry) return { rules: null, checked: "unavailable", refresh };
    return { rules: entry.rules, checked: entry.rules ? "checked" : "unknown_symbol", refresh };
  }

  /** Stores rules a sync read (see PlatformAdapter.accountSymbolRules), as of `at`. */
  storeAll(rules: PairRules[], at: number): void {
    for (const r of rules) {
      const pair = `${r.base}/${r.quote}`;
      this.store.saveSymbolRules({ pair, rules: toWire(r.rules), fetchedAt: at });
      if (this.memory.size >= MEMORY_MAX) this.memory.clear();
      this.memory.set(pair, { rules: r.rules, fetchedAt: at });
    }
  }

  /** Fetches and stores the pair's rules, once at a time per pair; a failure keeps what was known. */
  async refresh(adapter: PlatformAdapter, base: string, quote: string, now: () => number) {
    const pair = `${base}/${quote}`;
    if (!adapter.getSymbolRules || this.refreshing.has(pair)) return;
    this.refreshing.add(pair);
    try {
      const r = await adapter.getSymbolRules(base, quote);
      if (!r.ok) return;
      const fetchedAt = now();
      // a pair the platform does not list is remembered in memory only: what a caller names
      // cannot grow storage
      if (r.value) this.store.saveSymbolRules({ pair, rules: toWire(r.value), fetchedAt });
      if (this.memory.size >= MEMORY_MAX) this.memory.clear();
      this.memory.set(pair, { rules: r.value, fetchedAt });
    } finally {
      this.refreshing.delete(pair);
    }
  }
}

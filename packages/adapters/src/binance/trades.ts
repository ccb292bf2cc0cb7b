import type { TransactionInput } from "@portfolio/core";
import type { PlatformBalance } from "../adapter.js";
import { type AdapterResult, ok } from "../adapter-error.js";
import type { BinanceClient } from "./client.js";
import { EP, type RawSymbol, TRADES_PAGE } from "./endpoints.js";
import type { HistoryState } from "./history-state.js";
import { type RawTrade, tradeTx } from "./parse.js";

export const FULL_PASS_EVERY_MS = 24 * 3_600_000;

/**
 * The symbols to read this pass: every listed symbol whose base and quote were both seen,
 * new ones from their first trade, known ones only when one of their assets' balances moved
 * (or once a day). `totals` are the balances' wallet totals (see walletTotals).
 */
export function queueSymbols(
  state: HistoryState,
  symbols: Map<string, RawSymbol>,
  balances: PlatformBalance[],
  totals: Record<string, string>,
  now: number,
): void {
  const seen = new Set(state.assets);
  for (const b of balances) seen.add(b.asset);
  state.assets = [...seen].sort();
  const fullPass = now - state.lastFullPass > FULL_PASS_EVERY_MS;
  const moved = (asset: string) => (totals[asset] ?? "0") !== (state.totals[asset] ?? "0");
  const queue: string[] = [];
  for (const s of symbols.values()) {
    if (!seen.has(s.baseAsset) || !seen.has(s.quoteAsset)) continue;
    const isNew = !(s.symbol in state.symbols);
    if (isNew) state.symbols[s.symbol] = 0;
    if (isNew || fullPass || moved(s.baseAsset) || moved(s.quoteAsset)) queue.push(s.symbol);
  }
  // symbols read before but no longer listed are tried once more: -1121 then drops them
  for (const symbol of Object.keys(state.symbols))
    if (!symbols.has(symbol) && !queue.includes(symbol)) queue.push(symbol);
  state.queue = queue.sort();
  state.totals = totals;
  if (fullPass) state.lastFullPass = now;
}

/**
 * One page of `symbol`'s trades from its fromId cursor; `meta` is its listing (absent once
 * delisted). A short page takes the symbol off the queue.
 */
export async function readTrades(
  client: BinanceClient,
  state: HistoryState,
  symbol: string,
  meta: RawSymbol | undefined,
): Promise<AdapterResult<TransactionInput[]>> {
  const r = await client.call<RawTrade[]>(EP.myTrades, {
    symbol,
    fromId: state.symbols[symbol] ?? 0,
    limit: TRADES_PAGE,
  });
  if (!r.ok) {
    if (r.error.platformCode === -1121) {
      // delisted and gone from Binance: its trades can no longer be read
      delete state.symbols[symbol];
      state.queue.shift();
      return ok([]);
    }
    return r;
  }
  const base = meta?.baseAsset ?? symbol;
  const quote = meta?.quoteAsset ?? "";
  const last = r.value.at(-1);
  if (last) state.symbols[symbol] = last.id + 1;
  if (r.value.length < TRADES_PAGE) state.queue.shift();
  return ok(r.value.map((t) => tradeTx(t, base, quote)));
}

import { type Dec, parseAmount, type SymbolRules, type TransactionInput } from "@portfolio/core";
import type {
  AdapterDeps,
  AssetInfo,
  LiveFeed,
  MarketValues,
  PairRules,
  PlatformAdapter,
  PlatformBalance,
  TransactionPage,
} from "../adapter.js";
import { type AdapterResult, fail, ok } from "../adapter-error.js";
import { isEarnToken, mergeWallets, walletTotals } from "./balances.js";
import { BinanceClient, type LimitsState } from "./client.js";
import type { BinanceConfig, BinanceCredentials } from "./config.js";
import { COSTLY_STREAMS, EP, type RawSymbol } from "./endpoints.js";
import {
  type FailedMovement,
  type HistoryState,
  parseState,
  WINDOW_STREAMS,
  type WindowStream,
} from "./history-state.js";
import { readWindow } from "./history-windows.js";
import { marketValues } from "./market-values.js";
import { recheckPending } from "./pending-movements.js";
import { readWallets } from "./read-wallets.js";
import { addImplied, unexplainedRows } from "./reconcile.js";
import { heldPairRules, listedAssets, symbolRules } from "./symbol-rules.js";
import { FULL_PASS_EVERY_MS, queueSymbols, readTrades } from "./trades.js";
import { BinanceUserStream } from "./user-stream.js";

/** balances read this recently are the same sync's; older ones are read again */
const BALANCES_REUSE_MS = 10_000;

/**
 * A Binance spot account. History is discovered without a pair list: time-windowed streams
 * (deposits, withdrawals, dust, dividends, converts) walk from `historyStart` to now in the widest
 * windows Binance allows; the assets they and the balances show, crossed with exchangeInfo, give
 * the symbols whose trades are read with a fromId cursor each. Later passes only re-read symbols
 * whose assets' balances changed (all of them once a day). One request per page, so the account
 * object stores each page before asking for the next.
 */
export class BinanceAdapter implements PlatformAdapter {
  readonly provider = "binance";
  readonly takerFeeRate = "0.001";
  readonly client: BinanceClient;
  private info: { at: number; symbols: Map<string, RawSymbol> } | null = null;
  /** the unexplained amount per asset as of the last complete pass (see HistoryState.unexplained) */
  private unexplained: Record<string, string> | null = null;
  private failed: FailedMovement[] | null = null;

  /** What no history row explains, per asset, as of the last complete pass; null before one. */
  unexplainedAssets(): Record<string, string> | null {
    return this.unexplained;
  }

  /** Deposits and withdrawals that ended without moving money, as of the last complete pass. */
  failedMovements(): FailedMovement[] | null {
    return this.failed;
  }

  /** assets of the last balances read: prices are reported for these (and the main quotes) */
  private held: Set<string> = new Set();

  constructor(
    private readonly cfg: BinanceConfig,
    private readonly creds: BinanceCredentials | null,
    private readonly deps: AdapterDeps,
  ) {
    this.client = new BinanceClient(cfg, creds, deps);
  }

  /** the Simple Earn part of each asset's balance, as of the last balance read */
  private earn: Map<string, Dec> = new Map();

  /** the account's own maker and taker rates, as the account endpoint last gave them */
  private accountRates: { maker: Dec; taker: Dec } | null = null;

  /** each asset's balance outside spot (funding, margin, futures) as of the last balance read */
  private others: Map<string, { free: Dec; locked: Dec }> | null = null;
  private feed: BinanceUserStream | null = null;

  /** The user data stream, when the account has `realtime` on and a key. */
  liveFeed(): LiveFeed | null {
    if (!this.cfg.realtime || !this.creds) return null;
    this.feed ??= new BinanceUserStream(this.cfg.wsApiUrl, {
      client: this.client,
      symbolAssets: async (symbol) => {
        const info = await this.exchangeInfo();
        const s = info.ok ? info.value.get(symbol) : undefined;
        return s ? { base: s.baseAsset, quote: s.quoteAsset } : null;
      },
      otherWallets: () => this.others,
      isEarnToken,
      balancesMoved: () => {
        this.lastBalances = null;
      },
    });
    return this.feed;
  }

  saveLimits(): string {
    return JSON.stringify(this.client.limits());
  }

  loadLimits(state: string): void {
    try {
      this.client.restoreLimits(JSON.parse(state) as LimitsState);
    } catch {
      // a state this version cannot read: start from zero, as a new object always did
    }
  }

  blockedUntil(): number | null {
    return this.client.bannedUntilMs();
  }

  private async exchangeInfo(): Promise<AdapterResult<Map<string, RawSymbol>>> {
    if (this.info && this.deps.now() - this.info.at < 3_600_000) return ok(this.info.symbols);
    const r = await this.client.call<{ symbols: RawSymbol[] }>(EP.exchangeInfo, {});
    if (!r.ok) return r;
    this.info = {
      at: this.deps.now(),
      symbols: new Map(r.value.symbols.map((s) => [s.symbol, s])),
    };
    return ok(this.info.symbols);
  }

  /**
   * the last balances read, so one sync reads them once (symbol queueing, then the sync itself)
   * when the history read in between showed nothing; any history page with rows drops them
   */
  private lastBalances: { at: number; value: PlatformBalance[] } | null = null;

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    if (this.lastBalances && this.deps.now() - this.lastBalances.at < BALANCES_REUSE_MS)
      return ok(this.lastBalances.value);
    const wallets = await readWallets(this.client);
    if (!wallets.ok) return wallets;
    const { rates, ...answers } = wallets.value;
    if (rates)
      this.accountRates = { maker: parseAmount(rates.maker), taker: parseAmount(rates.taker) };
    this.earn = answers.earn;
    const { others, balances: out } = mergeWallets(answers);
    this.others = others;
    this.held = new Set(out.map((b) => b.asset));
    this.lastBalances = { at: this.deps.now(), value: out };
    return ok(out);
  }

  async getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>> {
    const state = parseState(opts.cursor, Date.parse(this.cfg.historyStart));
    if (!state) return fail("bad_request", "malformed Binance history cursor");
    const now = this.deps.now();
    // rows dated after this may be read again by the next pass's overlap
    const recentFrom = now - (this.cfg.overlapDays + 1) * 86_400_000;
    const page = (transactions: TransactionInput[], hasMore: boolean) => {
      // balances read before history that showed something new may not hold it: the sync's
      // own balance read after this page must ask Binance again
      if (addImplied(state, transactions, recentFrom) > 0) this.lastBalances = null;
      return ok({ transactions, nextCursor: JSON.stringify(state), hasMore });
    };

    if (state.phase === "windows") {
      if (state.passUntil === 0) {
        // a new pass reads the balances anew: what an earlier sync read may be out of date
        this.lastBalances = null;
        // rows older than any overlap can reach are not read again: forget them
        for (const [id, at] of Object.entries(state.recent ?? {}))
          if (at < recentFrom) delete state.recent?.[id];
        state.passUntil = now;
        state.recheck = {
          deposits: Object.keys(state.pending?.deposits ?? {}),
          withdrawals: Object.keys(state.pending?.withdrawals ?? {}),
        };
        const quiet = await this.quiet(state, now);
        if (!quiet.ok) return quiet;
        // nothing moved since the last pass: a new withdrawal or convert would have moved a
        // balance, so their costly windows (18,000 and 3,000 SAPI UID weight) wait for one that
        // did, or for the daily full pass; not-final ones are asked about by id meanwhile
        if (quiet.value)
          for (const name of COSTLY_STREAMS) state.streams[name].next = state.passUntil + 1;
      }
      if (state.recheck && (state.recheck.deposits.length || state.recheck.withdrawals.length)) {
        const r = await recheckPending(this.client, state);
        return r.ok ? page(r.value, true) : r;
      }
      for (const name of Object.keys(WINDOW_STREAMS) as WindowStream[]) {
        if (state.streams[name].next <= state.passUntil) {
          const r = await readWindow(this.client, this.deps, name, state, state.passUntil);
          return r.ok ? page(r.value, true) : r;
        }
      }
      const queued = await this.queueTrades(state, now);
      if (!queued.ok) return queued;
      state.phase = "trades";
    }

    const symbol = state.queue[0];
    if (symbol === undefined) {
      // the pass is complete: the next one starts by re-reading the overlap of every stream
      state.phase = "windows";
      state.passUntil = 0;
      const from = now - this.cfg.overlapDays * 86_400_000;
      for (const s of Object.values(state.streams)) {
        s.next = Math.min(s.next, Math.max(from, Date.parse(this.cfg.historyStart)));
        s.offset = 0;
      }
      const balances = await this.getBalances();
      if (!balances.ok) return balances;
      const rows = unexplainedRows(state, balances.value, now);
      this.unexplained = { ...(state.unexplained ?? {}) };
      this.failed = [...(state.failed ?? [])];
      addImplied(state, rows, recentFrom);
      // those rows come from these very balances: the sync may use them as they are
      return ok({ transactions: rows, nextCursor: JSON.stringify(state), hasMore: false });
    }
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const r = await readTrades(this.client, state, symbol, info.value.get(symbol));
    return r.ok ? page(r.value, true) : r;
  }

  /** Whether no balance moved since the last pass and the daily full pass is not due. */
  private async quiet(state: HistoryState, now: number): Promise<AdapterResult<boolean>> {
    if (Object.keys(state.totals).length === 0 || now - state.lastFullPass > FULL_PASS_EVERY_MS)
      return ok(false);
    const balances = await this.getBalances();
    if (!balances.ok) return balances;
    const totals = walletTotals(balances.value, this.earn);
    const assets = new Set([...Object.keys(totals), ...Object.keys(state.totals)]);
    return ok([...assets].every((a) => (totals[a] ?? "0") === (state.totals[a] ?? "0")));
  }

  /** Queues the symbols to read this pass (see queueSymbols). */
  private async queueTrades(state: HistoryState, now: number): Promise<AdapterResult<void>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const balances = await this.getBalances();
    if (!balances.ok) return balances;
    const totals = walletTotals(balances.value, this.earn);
    queueSymbols(state, info.value, balances.value, totals, now);
    return ok(undefined);
  }

  /** The account's `uid`, from the account endpoint (GET /api/v3/account, weight 20). */
  async accountIdentity(): Promise<AdapterResult<string>> {
    const r = await this.client.call<{ uid?: unknown }>(EP.account, { omitZeroBalances: true });
    if (!r.ok) return r;
    const uid = r.value.uid;
    return typeof uid === "number" || (typeof uid === "string" && uid !== "")
      ? ok(String(uid))
      : fail("unavailable", "Binance's account answer has no uid");
  }

  async getAssetInfo(asset: string): Promise<AdapterResult<AssetInfo | null>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    return ok(listedAssets(info.value).has(asset) ? { asset, name: asset, decimals: 8 } : null);
  }

  /** Prices of the held assets and the main quotes from one ticker call (see marketValues). */
  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const tickers = await this.client.call<{ symbol: string; price: string }[]>(EP.tickers, {});
    if (!tickers.ok) return tickers;
    return marketValues(info.value, tickers.value, this.held, base, this.deps);
  }

  async getSymbolRules(base: string, quote: string): Promise<AdapterResult<SymbolRules | null>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    return symbolRules(this.client, info.value, base, quote);
  }

  /**
   * The rules of every listed symbol between the assets the account holds (and the main
   * quotes), for the account object to store during a sync: one exchangeInfo (weight 20, read
   * at most hourly) and the account's own rates from the account endpoint the balance read
   * already asked, so trade checks on them never wait. A symbol's special rates still come from
   * its commission endpoint when a check asks for a pair this did not cover.
   */
  async accountSymbolRules(): Promise<AdapterResult<PairRules[]>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    return ok(heldPairRules(info.value, this.held, this.accountRates));
  }
}

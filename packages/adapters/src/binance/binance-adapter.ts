import {
  balanceEffects,
  Dec,
  formatAmount,
  parseAmount,
  rebasePrices,
  type SymbolRules,
  type TransactionInput,
} from "@portfolio/core";
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
import { BinanceClient, type Endpoint, type LimitsState } from "./client.js";
import type { BinanceConfig, BinanceCredentials } from "./config.js";
import {
  EARN_FIAT_EP,
  earnHoldings,
  earnRewardTx,
  fiatOrderTx,
  fiatPaymentTx,
  type RawFiatOrder,
  type RawFiatPayment,
} from "./earn-fiat.js";
import {
  type FailedMovement,
  type HistoryState,
  MAX_FAILED,
  MAX_PENDING,
  parseState,
  WINDOW_STREAMS,
  type WindowStream,
} from "./history-state.js";
import {
  convertTx,
  depositStage,
  depositTx,
  dividendTx,
  dustTx,
  p2pTx,
  payTx,
  type RawConvert,
  type RawDeposit,
  type RawDividend,
  type RawDribbletDetail,
  type RawP2POrder,
  type RawPayTransaction,
  type RawTrade,
  type RawWithdrawal,
  tradeTx,
  withdrawalStage,
  withdrawalTime,
  withdrawalTx,
} from "./parse.js";
import { BinanceUserStream } from "./user-stream.js";

const EP = {
  exchangeInfo: {
    path: "/api/v3/exchangeInfo",
    method: "GET",
    weight: 20,
    bucket: "api",
    signed: false,
  },
  tickers: { path: "/api/v3/ticker/price", method: "GET", weight: 4, bucket: "api", signed: false },
  account: { path: "/api/v3/account", method: "GET", weight: 20, bucket: "api", signed: true },
  commission: {
    path: "/api/v3/account/commission",
    method: "GET",
    weight: 20,
    bucket: "api",
    signed: true,
  },
  myTrades: { path: "/api/v3/myTrades", method: "GET", weight: 20, bucket: "api", signed: true },
  funding: {
    path: "/sapi/v1/asset/get-funding-asset",
    method: "POST",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  futures: { path: "/fapi/v2/balance", method: "GET", weight: 5, bucket: "fapi", signed: true },
  pay: {
    path: "/sapi/v1/pay/transactions",
    method: "GET",
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
  },
  p2p: {
    path: "/sapi/v1/c2c/orderMatch/listUserOrderHistory",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  margin: {
    path: "/sapi/v1/margin/account",
    method: "GET",
    weight: 10,
    bucket: "sapiIp",
    signed: true,
  },
  deposits: {
    path: "/sapi/v1/capital/deposit/hisrec",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  withdrawals: {
    path: "/sapi/v1/capital/withdraw/history",
    method: "GET",
    weight: 18000,
    bucket: "sapiUid",
    signed: true,
  },
  dust: {
    path: "/sapi/v1/asset/dribblet",
    method: "GET",
    weight: 1,
    bucket: "sapiIp",
    signed: true,
  },
  dividends: {
    path: "/sapi/v1/asset/assetDividend",
    method: "GET",
    weight: 10,
    bucket: "sapiIp",
    signed: true,
  },
  converts: {
    path: "/sapi/v1/convert/tradeFlow",
    method: "GET",
    weight: 3000,
    bucket: "sapiUid",
    signed: true,
  },
} as const satisfies Record<string, Endpoint>;

interface RawSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  filters: { filterType: string; [k: string]: unknown }[];
}

const TRADES_PAGE = 1000;
/** rows a fiat history page holds at most (`rows` ≤ 500) */
const FIAT_PAGE = 500;
/** rows a Simple Earn history page holds at most (`size` ≤ 100) */
const EARN_PAGE = 100;
/** balances read this recently are the same sync's; older ones are read again */
const BALANCES_REUSE_MS = 10_000;
const FULL_PASS_EVERY_MS = 24 * 3_600_000;
/**
 * the windowed streams whose endpoints cost SAPI UID weight: withdrawals 18,000, fiat orders
 * 45,000, converts and Pay 3,000
 */
const COSTLY_STREAMS = [
  "withdrawals",
  "converts",
  "pay",
  "fiatDeposits",
  "fiatWithdrawals",
] as const;
/** how far back Binance keeps Pay history (18 months) */
const PAY_HISTORY_MS = 540 * 86_400_000;
const STABLE_QUOTES = ["USDT", "BTC", "ETH", "BNB"];

/**
 * Simple Earn flexible positions show in spot as LD + asset (Binance's "Lending Daily" tokens);
 * LDO is a real asset. They are counted through the Earn endpoints instead (as rotki does).
 */
export function isEarnToken(asset: string): boolean {
  return asset.startsWith("LD") && asset.length > 2 && asset !== "LDO";
}

/** Each asset's total (free + locked) in `balances`, as the cursor keeps it. */
function totalsOf(balances: PlatformBalance[]): Record<string, string> {
  return Object.fromEntries(
    balances.map((b) => [b.asset, formatAmount(parseAmount(b.free).add(parseAmount(b.locked)))]),
  );
}

/**
 * Adds what `rows` move to what the history implies (see HistoryState.implied), once per row:
 * each pass reads the last `overlapDays` of every window again, so rows dated inside that
 * overlap are remembered (HistoryState.recent) and not added twice.
 */
function addImplied(state: HistoryState, rows: TransactionInput[], recentFrom: number): number {
  if (!state.implied) return rows.length;
  state.recent ??= {};
  let fresh = 0;
  for (const r of rows) {
    if (r.txId in state.recent) continue;
    fresh++;
    const at = Date.parse(r.timestamp);
    if (at >= recentFrom && Object.keys(state.recent).length < MAX_RECENT)
      state.recent[r.txId] = at;
    for (const [asset, d] of balanceEffects(r))
      state.implied[asset] = formatAmount(parseAmount(state.implied[asset] ?? "0").add(d));
  }
  return fresh;
}

/** how many rows of the overlap a cursor remembers (see addImplied) */
const MAX_RECENT = 5000;

/**
 * One row per asset for what the balances hold beyond what the history explains (a movement no
 * endpoint read shows): a `deposit` when more is held, a `withdrawal` when less, `kind:
 * "unexplained"`, so returns never count it. A cursor from before this was kept adopts the
 * balances as explained instead.
 */
function unexplainedRows(
  state: HistoryState,
  balances: PlatformBalance[],
  now: number,
): TransactionInput[] {
  const totals = totalsOf(balances);
  if (!state.implied) {
    state.implied = totals;
    state.unexplained = {};
    return [];
  }
  state.unexplained ??= {};
  const rows: TransactionInput[] = [];
  const assets = new Set([...Object.keys(totals), ...Object.keys(state.implied)]);
  for (const asset of [...assets].sort()) {
    const diff = parseAmount(totals[asset] ?? "0").sub(parseAmount(state.implied[asset] ?? "0"));
    if (diff.isZero()) continue;
    state.unexplained[asset] = formatAmount(parseAmount(state.unexplained[asset] ?? "0").add(diff));
    rows.push({
      txId: `unexplained:${asset}:${now}`,
      txType: diff.isPos() ? "deposit" : "withdrawal",
      asset,
      amount: formatAmount(diff.abs()),
      price: null,
      quoteAsset: null,
      quoteAmount: null,
      fee: null,
      feeAsset: null,
      timestamp: new Date(now).toISOString(),
      metadata: { kind: "unexplained", syncedAt: new Date(now).toISOString() },
    });
  }
  return rows;
}

/** Remembers the not-yet-final deposits or withdrawals of `rows` and forgets the final ones. */
function notePending(
  state: HistoryState,
  name: "deposits" | "withdrawals",
  rows: (RawDeposit | RawWithdrawal)[],
): void {
  state.pending ??= { deposits: {}, withdrawals: {} };
  const failed = (m: FailedMovement) => {
    const list = (state.failed ?? []).filter((f) => !(f.kind === m.kind && f.id === m.id));
    state.failed = [m, ...list].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, MAX_FAILED);
  };
  for (const x of rows) {
    if (name === "deposits") {
      const d = x as RawDeposit;
      if (depositStage(d.status) === "failed")
        failed({
          kind: "deposit",
          id: d.id,
          asset: d.coin,
          amount: formatAmount(parseAmount(d.amount)),
          status: d.status,
          at: new Date(d.insertTime).toISOString(),
        });
      if (depositStage(d.status) !== "pending") delete state.pending.deposits[d.id];
      else if (Object.keys(state.pending.deposits).length < MAX_PENDING)
        state.pending.deposits[d.id] = { coin: d.coin, time: d.insertTime };
    } else {
      const w = x as RawWithdrawal;
      if (withdrawalStage(w.status) === "failed")
        failed({
          kind: "withdrawal",
          id: w.id,
          asset: w.coin,
          amount: formatAmount(parseAmount(w.amount)),
          status: w.status,
          at: new Date(withdrawalTime(w)).toISOString(),
        });
      if (withdrawalStage(w.status) !== "pending") delete state.pending.withdrawals[w.id];
      else if (Object.keys(state.pending.withdrawals).length < MAX_PENDING)
        state.pending.withdrawals[w.id] = { time: withdrawalTime(w) };
    }
  }
}

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

  /**
   * Each asset's total outside Simple Earn: what a withdrawal, convert or trade would move.
   * Earn accrues rewards all the time (real-time APR), which must not make a pass look busy.
   */
  private walletTotals(balances: PlatformBalance[]): Record<string, string> {
    const totals = totalsOf(balances);
    for (const [asset, amount] of this.earn) {
      const rest = parseAmount(totals[asset] ?? "0").sub(amount);
      if (rest.isZero()) delete totals[asset];
      else totals[asset] = formatAmount(rest);
    }
    return totals;
  }

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

  private knownAssets(symbols: Map<string, RawSymbol>): Set<string> {
    const out = new Set<string>();
    for (const s of symbols.values()) out.add(s.baseAsset).add(s.quoteAsset);
    return out;
  }

  /**
   * the last balances read, so one sync reads them once (symbol queueing, then the sync itself)
   * when the history read in between showed nothing; any history page with rows drops them
   */
  private lastBalances: { at: number; value: PlatformBalance[] } | null = null;

  async getBalances(): Promise<AdapterResult<PlatformBalance[]>> {
    if (this.lastBalances && this.deps.now() - this.lastBalances.at < BALANCES_REUSE_MS)
      return ok(this.lastBalances.value);
    const spot = await this.client.call<{
      balances: { asset: string; free: string; locked: string }[];
      commissionRates?: { maker: string; taker: string };
    }>(EP.account, { omitZeroBalances: true });
    if (!spot.ok) return spot;
    const rates = spot.value.commissionRates;
    if (rates)
      this.accountRates = { maker: parseAmount(rates.maker), taker: parseAmount(rates.taker) };
    const funding = await this.client.call<
      { asset: string; free: string; locked: string; freeze: string }[]
    >(EP.funding, {});
    if (!funding.ok) return funding;
    const merged = new Map<string, { free: Dec; locked: Dec }>();
    const add = (asset: string, free: string, locked: string) => {
      const cur = merged.get(asset) ?? { free: new Dec(0), locked: new Dec(0) };
      merged.set(asset, {
        free: cur.free.add(parseAmount(free)),
        locked: cur.locked.add(parseAmount(locked)),
      });
    };
    // the cross-margin and USDⓈ-M futures wallets hold the account's money too: moving it there
    // is no loss. Spot trades cannot spend it, so it counts as locked
    const margin = await this.client.call<{
      userAssets: { asset: string; netAsset: string }[];
    }>(EP.margin, {});
    if (!margin.ok) return margin;
    const futures = await this.client.call<{ asset: string; balance: string }[]>(EP.futures, {});
    if (!futures.ok) return futures;
    // Simple Earn: flexible and locked positions are the account's money too; a spot trade
    // cannot spend them, so they count as locked
    const earn = await earnHoldings(this.client);
    if (!earn.ok) return earn;
    this.earn = earn.value;
    for (const [asset, amount] of earn.value) add(asset, "0", formatAmount(amount));
    for (const b of funding.value)
      add(b.asset, b.free, formatAmount(parseAmount(b.locked).add(parseAmount(b.freeze))));
    for (const b of margin.value.userAssets) add(b.asset, "0", b.netAsset);
    for (const b of futures.value) add(b.asset, "0", b.balance);
    // what the user data stream's spot positions leave out, as of this read
    this.others = new Map([...merged].map(([a, b]) => [a, { ...b }]));
    // a flexible Earn position also shows in spot as LD + asset: counted once, above
    for (const b of spot.value.balances) if (!isEarnToken(b.asset)) add(b.asset, b.free, b.locked);
    const out = [...merged]
      .filter(([, b]) => !b.free.add(b.locked).isZero())
      .map(([asset, b]) => ({ asset, free: formatAmount(b.free), locked: formatAmount(b.locked) }));
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
        const r = await this.recheckPending(state);
        return r.ok ? page(r.value, true) : r;
      }
      for (const name of Object.keys(WINDOW_STREAMS) as WindowStream[]) {
        if (state.streams[name].next <= state.passUntil) {
          const r = await this.readWindow(name, state, state.passUntil);
          return r.ok ? page(r.value, true) : r;
        }
      }
      const queued = await this.queueSymbols(state, now);
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
    const meta = info.value.get(symbol);
    const r = await this.client.call<RawTrade[]>(EP.myTrades, {
      symbol,
      fromId: state.symbols[symbol] ?? 0,
      limit: TRADES_PAGE,
    });
    if (!r.ok) {
      if (r.error.platformCode === -1121) {
        // delisted and gone from Binance: its trades can no longer be read
        delete state.symbols[symbol];
        state.queue.shift();
        return page([], true);
      }
      return r;
    }
    const base = meta?.baseAsset ?? symbol;
    const quote = meta?.quoteAsset ?? "";
    const last = r.value.at(-1);
    if (last) state.symbols[symbol] = last.id + 1;
    if (r.value.length < TRADES_PAGE) state.queue.shift();
    return page(
      r.value.map((t) => tradeTx(t, base, quote)),
      true,
    );
  }

  /**
   * Asks again about deposits and withdrawals that were not final when read: one deposit, or up
   * to 50 withdrawals (`idList`), per page. A credited or completed one is a row now; a failed
   * one leaves the list with no row; one still pending waits for the next pass.
   */
  private async recheckPending(state: HistoryState): Promise<AdapterResult<TransactionInput[]>> {
    const recheck = state.recheck as NonNullable<HistoryState["recheck"]>;
    const pending = state.pending as NonNullable<HistoryState["pending"]>;
    const id = recheck.deposits[0];
    if (id !== undefined) {
      const d = pending.deposits[id];
      recheck.deposits.shift();
      if (!d) return ok([]);
      const r = await this.client.call<RawDeposit[]>(EP.deposits, {
        coin: d.coin,
        startTime: d.time,
        endTime: d.time,
      });
      if (!r.ok) return r;
      const rows = r.value.filter((x) => x.id === id);
      notePending(state, "deposits", rows);
      return ok(rows.map(depositTx).filter((t): t is TransactionInput => t !== null));
    }
    const ids = recheck.withdrawals.splice(0, 50);
    const times = ids.map((w) => pending.withdrawals[w]?.time ?? 0);
    const from = Math.min(...times);
    const r = await this.client.call<RawWithdrawal[]>(EP.withdrawals, {
      idList: ids.join(","),
      startTime: from,
      endTime: Math.min(from + WINDOW_STREAMS.withdrawals.span, Math.max(...times)),
    });
    if (!r.ok) return r;
    notePending(state, "withdrawals", r.value);
    return ok(r.value.map(withdrawalTx).filter((t): t is TransactionInput => t !== null));
  }

  /** One window (or one offset page of it) of a time-windowed stream. */
  private async readWindow(
    name: WindowStream,
    state: HistoryState,
    until: number,
  ): Promise<AdapterResult<TransactionInput[]>> {
    const cur = state.streams[name];
    const start = cur.next;
    const end = Math.min(start + cur.span - 1, until);
    const seen = new Set(state.assets);
    let txs: (TransactionInput | null)[] = [];
    let full = false;
    if (name === "deposits" || name === "withdrawals") {
      const r = await this.client.call<(RawDeposit | RawWithdrawal)[]>(EP[name], {
        startTime: start,
        endTime: end,
        offset: cur.offset,
        limit: 1000,
      });
      if (!r.ok) return r;
      full = r.value.length === 1000;
      txs =
        name === "deposits"
          ? (r.value as RawDeposit[]).map(depositTx)
          : (r.value as RawWithdrawal[]).map(withdrawalTx);
      notePending(state, name, r.value);
      for (const x of r.value) seen.add(x.coin);
    } else if (name === "dust") {
      const r = await this.client.call<{
        userAssetDribblets?: { userAssetDribbletDetails: RawDribbletDetail[] }[];
      }>(EP.dust, { startTime: start, endTime: end });
      if (!r.ok) return r;
      const details = (r.value.userAssetDribblets ?? []).flatMap((d) => d.userAssetDribbletDetails);
      txs = details.map(dustTx);
      for (const d of details) seen.add(d.fromAsset).add("BNB");
    } else if (name === "dividends") {
      const r = await this.client.call<{ rows: RawDividend[]; total: number }>(EP.dividends, {
        startTime: start,
        endTime: end,
        limit: 500,
      });
      if (!r.ok) return r;
      if (r.value.total > r.value.rows.length) {
        // more rows than one answer holds and no offset parameter: narrow the window instead
        cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
        return ok([]);
      }
      txs = r.value.rows.map(dividendTx);
      for (const d of r.value.rows) seen.add(d.asset);
    } else if (name === "pay") {
      // Binance keeps 18 months of Pay history: older windows hold nothing to ask for
      const oldest = this.deps.now() - PAY_HISTORY_MS;
      if (end < oldest) {
        cur.next = end + 1;
        return ok([]);
      }
      const r = await this.client.call<{ data: RawPayTransaction[] }>(EP.pay, {
        startTime: Math.max(start, oldest),
        endTime: end,
        limit: 100,
      });
      if (!r.ok) return r;
      if (r.value.data.length === 100) {
        // a full answer may have more and there is no paging: narrow the window instead
        cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
        return ok([]);
      }
      txs = r.value.data.map(payTx);
      for (const t of r.value.data) seen.add(t.currency);
    } else if (name === "fiatDeposits" || name === "fiatWithdrawals" || name === "cardBuys") {
      const r = await this.client.call<{ data?: (RawFiatOrder | RawFiatPayment)[] }>(
        name === "cardBuys" ? EARN_FIAT_EP.fiatPayments : EARN_FIAT_EP.fiatOrders,
        {
          transactionType: name === "fiatWithdrawals" ? 1 : 0,
          beginTime: start,
          endTime: end,
          page: cur.offset / FIAT_PAGE + 1,
          rows: FIAT_PAGE,
        },
      );
      if (!r.ok) return r;
      // with nothing to list Binance may leave `data` out
      const data = r.value.data ?? [];
      full = data.length === FIAT_PAGE;
      if (name === "cardBuys") {
        txs = (data as RawFiatPayment[]).map(fiatPaymentTx);
        for (const p of data as RawFiatPayment[]) seen.add(p.cryptoCurrency).add(p.fiatCurrency);
      } else {
        const type = name === "fiatDeposits" ? 0 : 1;
        txs = (data as RawFiatOrder[]).map((o) => fiatOrderTx(o, type));
        for (const o of data as RawFiatOrder[]) seen.add(o.fiatCurrency);
      }
    } else if (name === "earnFlexibleRewards" || name === "earnLockedRewards") {
      const flexible = name === "earnFlexibleRewards";
      const r = await this.client.call<{
        rows: Parameters<typeof earnRewardTx>[0][];
        total: number;
      }>(flexible ? EARN_FIAT_EP.flexibleRewards : EARN_FIAT_EP.lockedRewards, {
        startTime: start,
        endTime: end,
        current: cur.offset / EARN_PAGE + 1,
        size: EARN_PAGE,
      });
      if (!r.ok) return r;
      full = r.value.rows.length === EARN_PAGE;
      txs = r.value.rows.map((x) => earnRewardTx(x, flexible ? "flexible" : "locked"));
      for (const x of r.value.rows) seen.add(x.asset);
    } else if (name === "p2pBuys" || name === "p2pSells") {
      const r = await this.client.call<{ data: RawP2POrder[]; total: number }>(EP.p2p, {
        tradeType: name === "p2pBuys" ? "BUY" : "SELL",
        startTimestamp: start,
        endTimestamp: end,
        page: cur.offset / 100 + 1,
        rows: 100,
      });
      if (!r.ok) return r;
      full = r.value.data.length === 100;
      txs = r.value.data.map(p2pTx);
      for (const o of r.value.data) seen.add(o.asset);
    } else {
      const r = await this.client.call<{ list: RawConvert[]; moreData: boolean }>(EP.converts, {
        startTime: start,
        endTime: end,
        limit: 1000,
      });
      if (!r.ok) return r;
      if (r.value.moreData) {
        cur.span = Math.max(3_600_000, Math.floor(cur.span / 2));
        return ok([]);
      }
      txs = r.value.list.map(convertTx);
      for (const c of r.value.list) seen.add(c.fromAsset).add(c.toAsset);
    }
    if (full) {
      cur.offset +=
        name === "p2pBuys" || name === "p2pSells"
          ? 100
          : name === "fiatDeposits" || name === "fiatWithdrawals" || name === "cardBuys"
            ? FIAT_PAGE
            : name === "earnFlexibleRewards" || name === "earnLockedRewards"
              ? EARN_PAGE
              : 1000;
    } else {
      cur.next = end + 1;
      cur.offset = 0;
      cur.span = WINDOW_STREAMS[name].span;
    }
    state.assets = [...seen].sort();
    return ok(txs.filter((t): t is TransactionInput => t !== null));
  }

  /** Whether no balance moved since the last pass and the daily full pass is not due. */
  private async quiet(state: HistoryState, now: number): Promise<AdapterResult<boolean>> {
    if (Object.keys(state.totals).length === 0 || now - state.lastFullPass > FULL_PASS_EVERY_MS)
      return ok(false);
    const balances = await this.getBalances();
    if (!balances.ok) return balances;
    const totals = this.walletTotals(balances.value);
    const assets = new Set([...Object.keys(totals), ...Object.keys(state.totals)]);
    return ok([...assets].every((a) => (totals[a] ?? "0") === (state.totals[a] ?? "0")));
  }

  /**
   * The symbols to read this pass: every listed symbol whose base and quote were both seen,
   * new ones from their first trade, known ones only when one of their assets' balances moved
   * (or once a day).
   */
  private async queueSymbols(state: HistoryState, now: number): Promise<AdapterResult<void>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const balances = await this.getBalances();
    if (!balances.ok) return balances;
    const seen = new Set(state.assets);
    const totals = this.walletTotals(balances.value);
    for (const b of balances.value) seen.add(b.asset);
    state.assets = [...seen].sort();
    const fullPass = now - state.lastFullPass > FULL_PASS_EVERY_MS;
    const moved = (asset: string) => (totals[asset] ?? "0") !== (state.totals[asset] ?? "0");
    const queue: string[] = [];
    for (const s of info.value.values()) {
      if (!seen.has(s.baseAsset) || !seen.has(s.quoteAsset)) continue;
      const isNew = !(s.symbol in state.symbols);
      if (isNew) state.symbols[s.symbol] = 0;
      if (isNew || fullPass || moved(s.baseAsset) || moved(s.quoteAsset)) queue.push(s.symbol);
    }
    // symbols read before but no longer listed are tried once more: -1121 then drops them
    for (const symbol of Object.keys(state.symbols))
      if (!info.value.has(symbol) && !queue.includes(symbol)) queue.push(symbol);
    state.queue = queue.sort();
    state.totals = totals;
    if (fullPass) state.lastFullPass = now;
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
    return ok(this.knownAssets(info.value).has(asset) ? { asset, name: asset, decimals: 8 } : null);
  }

  /**
   * Prices from one ticker call: each asset through its USDT pair, or through BTC/ETH/BNB and
   * that asset's USDT price. "USD" is valued as USDT at par (Binance quotes no USD); any other
   * base goes through its own price. Simple Earn LD tokens take their underlying's price.
   */
  async getMarketValues(base: string): Promise<AdapterResult<MarketValues>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const tickers = await this.client.call<{ symbol: string; price: string }[]>(EP.tickers, {});
    if (!tickers.ok) return tickers;
    const px = new Map(tickers.value.map((t) => [t.symbol, parseAmount(t.price)]));
    const usdt = new Map<string, Dec>([["USDT", new Dec(1)]]);
    for (const q of STABLE_QUOTES)
      if (q !== "USDT" && px.has(`${q}USDT`)) usdt.set(q, px.get(`${q}USDT`) as Dec);
    for (const s of info.value.values()) {
      if (usdt.has(s.baseAsset)) continue;
      const p = px.get(s.symbol);
      const quoteUsdt = usdt.get(s.quoteAsset);
      if (p && quoteUsdt && STABLE_QUOTES.includes(s.quoteAsset))
        usdt.set(s.baseAsset, p.mul(quoteUsdt));
    }
    const wanted = new Set([...this.held, ...STABLE_QUOTES]);
    for (const asset of [...usdt.keys()])
      if (!wanted.has(asset) && asset !== base) usdt.delete(asset);
    const inBase = base === "USD" || base === "USDT" ? usdt : rebasePrices(usdt, "USDT", base);
    if (!inBase) return fail("unsupported", `no Binance price for base ${base}`);
    const prices: Record<string, string> = {};
    for (const [a, p] of inBase)
      if (a !== base) prices[a] = formatAmount(p.toSignificantDigits(20));
    if (base === "USD") prices.USDT = "1";
    return ok({ base, prices, asOf: new Date(this.deps.now()).toISOString() });
  }

  /**
   * The account's own fee rates on a symbol (GET /api/v3/account/commission, weight 20): the
   * standard rate plus any special and tax rate, for maker and taker.
   */
  private async commission(symbol: string): Promise<AdapterResult<SymbolRules["commission"]>> {
    type Rates = { maker: string; taker: string };
    const r = await this.client.call<{
      standardCommission: Rates;
      specialCommission?: Rates;
      taxCommission?: Rates;
    }>(EP.commission, { symbol });
    if (!r.ok) return r;
    const parts = [r.value.standardCommission, r.value.specialCommission, r.value.taxCommission];
    const sum = (k: keyof Rates) =>
      parts.reduce((a, p) => (p ? a.add(parseAmount(p[k])) : a), new Dec(0));
    return ok({ maker: sum("maker"), taker: sum("taker") });
  }

  async getSymbolRules(base: string, quote: string): Promise<AdapterResult<SymbolRules | null>> {
    const info = await this.exchangeInfo();
    if (!info.ok) return info;
    const s = info.value.get(`${base}${quote}`);
    if (!s) return ok(null);
    const commission = await this.commission(s.symbol);
    if (!commission.ok) return commission;
    return ok(rulesOf(s, commission.value));
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
    const quotes = new Set([...this.held, ...STABLE_QUOTES]);
    const out: PairRules[] = [];
    for (const s of info.value.values())
      if (this.held.has(s.baseAsset) && quotes.has(s.quoteAsset))
        out.push({
          base: s.baseAsset,
          quote: s.quoteAsset,
          rules: rulesOf(s, this.accountRates ?? undefined),
        });
    return ok(out);
  }
}

/** PRICE_FILTER, LOT_SIZE and MIN_NOTIONAL/NOTIONAL of a listed symbol, with the account's rates. */
function rulesOf(s: RawSymbol, commission: SymbolRules["commission"]): SymbolRules {
  const f = (type: string) => s.filters.find((x) => x.filterType === type);
  const d = (v: unknown) => new Dec(String(v ?? "0"));
  const price = f("PRICE_FILTER");
  const lot = f("LOT_SIZE");
  const notional = f("NOTIONAL") ?? f("MIN_NOTIONAL");
  return {
    symbol: s.symbol,
    status: s.status,
    ...(commission ? { commission } : {}),
    ...(price
      ? {
          priceFilter: {
            minPrice: d(price.minPrice),
            maxPrice: d(price.maxPrice),
            tickSize: d(price.tickSize),
          },
        }
      : {}),
    ...(lot
      ? { lotSize: { minQty: d(lot.minQty), maxQty: d(lot.maxQty), stepSize: d(lot.stepSize) } }
      : {}),
    ...(notional
      ? {
          notional: {
            filter: notional.filterType as "NOTIONAL" | "MIN_NOTIONAL",
            minNotional: d(notional.minNotional),
            maxNotional: d(notional.maxNotional ?? "0"),
          },
        }
      : {}),
  };
}

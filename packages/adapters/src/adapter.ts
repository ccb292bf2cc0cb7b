import type { BuiltCandle, SymbolRules, TransactionInput } from "@portfolio/core";
import type { AdapterError, AdapterResult } from "./adapter-error.js";

/** One asset's balance as the platform reports it; amounts are canonical decimal strings. */
export interface PlatformBalance {
  asset: string;
  free: string;
  locked: string;
}

export interface TransactionPage {
  transactions: TransactionInput[];
  /** opaque; pass it back to continue. Store it only after the page's rows are stored. */
  nextCursor: string;
  /** false when the page reached the platform's present */
  hasMore: boolean;
  /**
   * On the last page: rows from data that is not final yet (blocks under the confirmation
   * depth). They replace the previous sync's pending rows wholesale, so a reorganised chain
   * leaves no trace of what it dropped.
   */
  pending?: TransactionInput[];
  /**
   * Set when the chain replaced blocks already stored as final (a reorganisation deeper than the
   * confirmation depth): every stored row of this block or later must be dropped before this
   * page is stored; the cursor goes back to it and they are read again.
   */
  reorgFromBlock?: string;
}

export interface AssetInfo {
  asset: string;
  name: string;
  decimals: number;
}

/** A token the platform shows the account that is not counted, and why (spam, hostile). */
export interface IgnoredAsset {
  /** the platform's id of it (an EVM token's lower-case address) */
  token: string;
  symbol: string;
  reason: string;
}

export interface MarketValues {
  base: string;
  /** asset → price of one unit in `base`, canonical decimal strings */
  prices: Record<string, string>;
  asOf: string;
}

/** A pair's trading rules, as a sync reads them for the account's pairs. */
export interface PairRules {
  base: string;
  quote: string;
  rules: SymbolRules;
}

/** What one message of a platform's push feed means, in the order it is to be applied. */
export type LiveUpdate =
  /** the subscription is open: from now on every change of the account arrives */
  | { type: "subscribed" }
  /** the platform refused the subscription (a bad key, a ban): the host retries later */
  | { type: "refused"; error: AdapterError }
  /** the platform state of these assets as of `at` (all wallets read, as getBalances gives) */
  | { type: "balances"; balances: PlatformBalance[]; at: number }
  /** history rows the feed shows (a fill): the same rows, same ids, as the REST history's */
  | { type: "transactions"; transactions: TransactionInput[] }
  /** money moved in a way the feed does not fully describe (a deposit, a transfer): sync soon */
  | { type: "moved"; reason: string }
  /** the platform ended the subscription: open a new one (and sync what may have been missed) */
  | { type: "ended"; reason: string };

/**
 * A platform's push feed of one account (Binance's user data stream), which the host holds
 * open on a WebSocket: it opens `url`, sends `subscribe()`'s message, and hands every message it
 * receives, one at a time and in order, to `read`.
 */
export interface LiveFeed {
  /** where the WebSocket opens, as an http(s) URL (Workers open client sockets with fetch) */
  readonly url: string;
  /** how long one connection may live; the host opens the next one before */
  readonly lifetimeMs: number;
  /** the message that starts the subscription, signed now */
  subscribe(): Promise<AdapterResult<string>>;
  read(message: string): Promise<LiveUpdate[]>;
}

/**
 * What every platform offers the account Durable Object. Methods never throw for expected
 * platform failures; they return {@link AdapterResult} with a typed, retry-aware error.
 */
export interface PlatformAdapter {
  readonly provider: string;
  /** fee on a taker trade as a fraction of the spend, when the platform publishes one */
  readonly takerFeeRate?: string;
  /**
   * true when the platform's balances can only be known by replaying its whole history (the
   * simulated platform): the host reads balances only once history is complete, instead of
   * paying for a replay of everything ahead of the pages.
   */
  readonly balancesFollowHistory?: boolean;
  getBalances(): Promise<AdapterResult<PlatformBalance[]>>;
  /** History in platform order from `cursor` (null = from the beginning). */
  getTransactions(opts: {
    cursor: string | null;
    limit: number;
  }): Promise<AdapterResult<TransactionPage>>;
  getAssetInfo(asset: string): Promise<AdapterResult<AssetInfo | null>>;
  getMarketValues(base: string): Promise<AdapterResult<MarketValues>>;
  /** checks a new account's config against the platform (e.g. the chain id); null when fine */
  validate?(): Promise<AdapterResult<null>>;
  /**
   * Which account on the platform the config and credentials reach, as the platform names it
   * (Binance's `uid`; an EVM account's chain and addresses): an owner registers each one once.
   */
  accountIdentity?(): Promise<AdapterResult<string>>;
  /**
   * The platform's rate-limit state (weight used in the current windows, the end of a ban), as
   * an opaque string the host stores and hands back to the next adapter after an eviction.
   */
  saveLimits?(): string;
  loadLimits?(state: string): void;
  /** when the platform's ban on us ends (nothing may be sent before), or null */
  blockedUntil?(): number | null;
  /**
   * What no history row explains, per asset (the sum of the `unexplained` rows the platform
   * wrote), as of its last complete pass; null before one. Read after each sync.
   */
  unexplainedAssets?(): Record<string, string> | null;
  /**
   * Deposits and withdrawals that ended without moving money (rejected, cancelled, failed),
   * newest first, as of the last complete pass; null before one. Read after each sync.
   */
  failedMovements?():
    | { kind: string; id: string; asset: string; amount: string; status: number; at: string }[]
    | null;
  /** tokens seen and not counted, with why; read after each sync, for the owner to see */
  ignoredAssets?(): IgnoredAsset[];
  /** the account's push feed, where the platform has one and the account wants it; else null */
  liveFeed?(): LiveFeed | null;
  /**
   * the trading rules of the pairs the account holds, read during a sync so trade checks find
   * them stored (the host refreshes them daily)
   */
  accountSymbolRules?(): Promise<AdapterResult<PairRules[]>>;
  /** the exchange's trading rules for base/quote, where the platform has them */
  getSymbolRules?(base: string, quote: string): Promise<AdapterResult<SymbolRules | null>>;
  /**
   * New closed candles of the markets the account prices with (an EVM account's pools), from
   * where `cursors` stopped; the host stores them in D1 for the price service and keeps the
   * cursors it returns.
   */
  marketCandles?(
    cursors: Record<string, CandleCursor>,
  ): Promise<AdapterResult<{ markets: SourceCandles[]; cursors: Record<string, CandleCursor> }>>;
}

/** Where the last read of one market's candles stopped: its last block, the price then. */
export interface CandleCursor {
  block: string;
  price: string | null;
  /** the moment closed candles were built up to (epoch ms) */
  at: number | null;
}

/** One market's new closed candles: 1 `base` costs `close` `quote`, as `source` says. */
export interface SourceCandles {
  /** "uniswap-v2:0x…" or "uniswap-v3:0x…" (the pool's address, checksummed) */
  source: string;
  base: string;
  quote: string;
  candles: BuiltCandle[];
}

/**
 * A fill a bot recorded through the API, as the host hands it to a platform whose ledger is
 * kept by us (the simulated and manual platforms). The platform books it at `bookedAt` (never
 * before the moment it was recorded, so history already read never changes); a voided fill is
 * reversed at `voidedAt`, also never in the past.
 */
export interface BookedFill {
  tx: TransactionInput;
  bookedAt: number;
  voidedAt: number | null;
}

/** What adapters get from their host: time and the network, so tests can control both. */
export interface AdapterDeps {
  now: () => number;
  fetch: typeof fetch;
  /**
   * The account's recorded fills whose booking or voiding falls in [fromMs, toMs], ordered by
   * booking time; only platforms whose ledger we keep read it.
   */
  bookedFills?: (fromMs: number, toMs: number) => BookedFill[];
}

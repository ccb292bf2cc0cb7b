/** The history streams read in time windows, with the widest window Binance accepts for each. */
export const WINDOW_STREAMS = {
  deposits: { span: 89 * 86_400_000 },
  withdrawals: { span: 89 * 86_400_000 },
  dust: { span: 89 * 86_400_000 },
  dividends: { span: 179 * 86_400_000 },
  converts: { span: 29 * 86_400_000 },
  // P2P (C2C) orders, bought and sold: at most 30 days a query
  p2pBuys: { span: 29 * 86_400_000 },
  p2pSells: { span: 29 * 86_400_000 },
  // Binance Pay: at most 90 days a query, and only the last 18 months are kept
  pay: { span: 89 * 86_400_000 },
  // fiat deposits, withdrawals and crypto bought with fiat: Binance documents no widest span
  // (only the 30-day default with no times), so one window covers the whole history, paged
  fiatDeposits: { span: 3650 * 86_400_000 },
  fiatWithdrawals: { span: 3650 * 86_400_000 },
  cardBuys: { span: 3650 * 86_400_000 },
  // Simple Earn rewards: at most 30 days a query (-6021 beyond)
  earnFlexibleRewards: { span: 30 * 86_400_000 },
  earnLockedRewards: { span: 30 * 86_400_000 },
} as const;

/**
 * Simple Earn's endpoints replaced Binance Savings in 2023 and read nothing before: its reward
 * windows start here at the earliest, not at the account's history start.
 */
export const EARN_HISTORY_FROM = Date.parse("2023-01-01T00:00:00Z");

/** Where a stream's walk begins for an account whose history starts at `historyStart`. */
export function streamStart(name: WindowStream, historyStart: number): number {
  return name.startsWith("earn") ? Math.max(historyStart, EARN_HISTORY_FROM) : historyStart;
}
export type WindowStream = keyof typeof WINDOW_STREAMS;

export interface StreamCursor {
  /** start of the next window to read (ms) */
  next: number;
  /** rows already read inside that window (offset-paged endpoints) */
  offset: number;
  /** current window width; halved when a window holds more rows than one answer */
  span: number;
}

/**
 * Everything a Binance history sync has to remember between pages. It travels as the adapter's
 * opaque cursor and is stored by the account object only after the page's rows are in D1.
 */
export interface HistoryState {
  v: 1;
  streams: Record<WindowStream, StreamCursor>;
  /** symbol → next trade id to read (0: from the first trade) */
  symbols: Record<string, number>;
  /** symbols still to read in this pass */
  queue: string[];
  /** assets seen anywhere in the account's history or balances */
  assets: string[];
  /** asset → total balance when symbols were last queued; unchanged assets need no trade reads */
  totals: Record<string, string>;
  phase: "windows" | "trades";
  /** the moment this pass reads history up to (0 until the pass starts); fixed for the pass */
  passUntil: number;
  lastFullPass: number;
  /**
   * Deposits and withdrawals seen before they were final (pending, processing, awaiting
   * approval), by id: each pass asks for them again until they are, however long that takes
   * (the overlap re-reads only the last few days). Deposits keep their time and coin (their
   * endpoint has no id filter), withdrawals their time (theirs has `idList`).
   */
  pending?: {
    deposits: Record<string, { coin: string; time: number }>;
    withdrawals: Record<string, { time: number }>;
  };
  /**
   * Deposits and withdrawals that ended without moving money (rejected, cancelled, failed), the
   * newest first, at most MAX_FAILED: the account says so, as no row would.
   */
  failed?: FailedMovement[];
  /** the pending ones still to ask about this pass */
  recheck?: { deposits: string[]; withdrawals: string[] };
  /**
   * What the rows written so far add up to, per asset: at the end of each pass the balances are
   * compared with it, and what no row explains becomes a row of its own (`kind: "unexplained"`).
   * Absent in cursors written before it was kept: the first pass then adopts the balances.
   */
  implied?: Record<string, string>;
  /**
   * Rows dated inside the overlap the next pass reads again, by txId → time: counted in
   * `implied` once (the overlap would otherwise add a late reward or deposit twice)
   */
  recent?: Record<string, number>;
  /** the unexplained amount per asset so far (the sum of those rows) */
  unexplained?: Record<string, string>;
}

export interface FailedMovement {
  kind: "deposit" | "withdrawal";
  id: string;
  asset: string;
  amount: string;
  /** Binance's status code (deposit 2 rejected, 7 wrong; withdrawal 1 cancelled, 3 rejected, 5 failure) */
  status: number;
  at: string;
}

/** How many failed deposits and withdrawals a cursor lists. */
export const MAX_FAILED = 20;

/** How many not-yet-final deposits (and withdrawals) a cursor keeps. */
export const MAX_PENDING = 200;

export function initialState(historyStart: number): HistoryState {
  const stream = (name: WindowStream): StreamCursor => ({
    next: streamStart(name, historyStart),
    offset: 0,
    span: WINDOW_STREAMS[name].span,
  });
  return {
    v: 1,
    streams: {
      deposits: stream("deposits"),
      withdrawals: stream("withdrawals"),
      dust: stream("dust"),
      dividends: stream("dividends"),
      converts: stream("converts"),
      p2pBuys: stream("p2pBuys"),
      p2pSells: stream("p2pSells"),
      pay: stream("pay"),
      fiatDeposits: stream("fiatDeposits"),
      fiatWithdrawals: stream("fiatWithdrawals"),
      cardBuys: stream("cardBuys"),
      earnFlexibleRewards: stream("earnFlexibleRewards"),
      earnLockedRewards: stream("earnLockedRewards"),
    },
    symbols: {},
    queue: [],
    assets: [],
    totals: {},
    phase: "windows",
    passUntil: 0,
    lastFullPass: 0,
    implied: {},
    unexplained: {},
  };
}

export function parseState(cursor: string | null, historyStart: number): HistoryState | null {
  if (cursor === null) return initialState(historyStart);
  try {
    const s = JSON.parse(cursor) as HistoryState;
    if (!(s && s.v === 1 && typeof s.streams === "object" && Array.isArray(s.queue))) return null;
    // streams added since the cursor was written are read from the start of history
    for (const name of Object.keys(WINDOW_STREAMS) as WindowStream[])
      s.streams[name] ??= {
        next: streamStart(name, historyStart),
        offset: 0,
        span: WINDOW_STREAMS[name].span,
      };
    return s;
  } catch {
    return null;
  }
}

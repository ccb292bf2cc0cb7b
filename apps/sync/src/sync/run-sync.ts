import type { AdapterError, PlatformAdapter } from "@portfolio/adapters";
import { Dec, formatAmount, type TransactionInput } from "@portfolio/core";
import {
  type Db,
  deletePendingTransactions,
  deleteTransactionsFromBlock,
  insertBalanceHistory,
  insertTransactions,
  toTransactionRow,
} from "@portfolio/db";
import { storeMarketCandles } from "../prices/store-market-candles.js";
import type { AccountStore } from "../storage/account-store.js";
import { historyKeys } from "../storage/fill-store.js";

export const TRANSACTIONS_STREAM = "transactions";
/** the platform's tokens not counted, as JSON (see PlatformAdapter.ignoredAssets) */
export const IGNORED_ASSETS = "assets:ignored";
/** what no history row explains, per asset, as JSON (see PlatformAdapter.unexplainedAssets) */
export const UNEXPLAINED_ASSETS = "assets:unexplained";
/** deposits and withdrawals that ended without moving money, as JSON (see PlatformAdapter.failedMovements) */
export const FAILED_MOVEMENTS = "movements:failed";
/** how many ignored tokens an account lists: a spammer can send any number */
export const IGNORED_ASSETS_LISTED = 100;
/** "true" while D1 holds pending rows of this account */
const PENDING_MARK = "transactions:pending";

export interface SyncDeps {
  adapter: PlatformAdapter;
  store: AccountStore;
  db: Db;
  accountId: string;
  baseCurrency: string;
  now: () => number;
  /** rows per platform page (200: one page's work, its D1 insert included, stays a short slice) */
  pageLimit?: number;
  /** pages per run; a longer history continues in the next run, from the stored cursor */
  maxPages?: number;
}

export type SyncOutcome =
  | {
      ok: true;
      transactionsStored: number;
      /** final rows a reorganised chain took back (deleted from D1) */
      transactionsRemoved?: number;
      pagesRead: number;
      historyComplete: boolean;
      balancesChanged: number;
      /** set when the account held back to stay within its share of the platform's limits */
      resumeAfterMs?: number;
    }
  | { ok: false; error: AdapterError; transactionsStored: number };

/**
 * History rows per D1 batch. D1's work on a batch holds the runtime's thread: a page of 200 in
 * one batch put trade checks during the heaviest sync at p99 55–62 ms, chunks of 50 at 34–35 ms
 * (`pnpm bench`), for about a third fewer rows a second.
 */
const D1_CHUNK = 50;

/**
 * Lets the object serve what is waiting. Awaiting D1 is not enough: its answers resolve as
 * microtasks, and a sync that only awaits them held trade checks for a whole run (0.57 s in
 * `pnpm bench`); a timer turn lets queued requests in.
 */
function yieldToWaitingRequests(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Stores platform history rows in D1, then, in one storage transaction, marks the fills they
 * show as seen (the balances read after this history include those fills) and runs `andThen`
 * (the cursor move). Rows already stored are skipped, so the stream and the REST sync can both
 * hand over the same trade. Returns how many rows were new.
 */
export async function storeHistoryRows(
  d: Pick<SyncDeps, "store" | "db" | "accountId">,
  transactions: TransactionInput[],
  at: Date,
  andThen: () => void = () => {},
): Promise<number> {
  const all = transactions.map((tx) => toTransactionRow(d.accountId, tx, "sync", at));
  let stored = 0;
  for (let i = 0; i < all.length; i += D1_CHUNK) {
    if (i > 0) await yieldToWaitingRequests();
    stored += await insertTransactions(d.db, all.slice(i, i + D1_CHUNK));
  }
  const rows = transactions.map((tx) => ({ ...historyKeys(tx), at: Date.parse(tx.timestamp) }));
  d.store.atomically(() => {
    for (const shown of d.store.fills.markShown(rows)) {
      // the bot's own row and the platform's are the same trade: D1 keeps both, the bot's
      // marked, so history counts it once (on a platform whose ledger we keep they are one row)
      if (shown.by !== shown.txId) d.store.outbox.append("shown", shown, at.getTime());
    }
    d.store.fills.rememberShown(rows, at.getTime());
    andThen();
  });
  return stored;
}

/**
 * One sync of one account: history first, page by page, each page stored in D1 before the
 * cursor moves past it (so an interrupted sync resumes where it stopped and a repeated one
 * stores nothing twice); then balances and prices. Balance history goes to D1 before the
 * object's own balances change, so a failure between the two is repaired by the next sync.
 * When the adapter holds back to stay within the platform's limits, the run ends as a success
 * that says when to resume.
 */
export async function runSync(d: SyncDeps): Promise<SyncOutcome> {
  const pageLimit = d.pageLimit ?? 200;
  const maxPages = d.maxPages ?? 20;
  let stored = 0;
  let removed = 0;
  let pagesRead = 0;
  let historyComplete = false;
  let cursor = d.store.cursor(TRANSACTIONS_STREAM);
  const stop = (error: AdapterError): SyncOutcome =>
    error.paced
      ? {
          ok: true,
          transactionsStored: stored,
          pagesRead,
          historyComplete: false,
          balancesChanged: 0,
          resumeAfterMs: error.retryAfterMs ?? 1_000,
        }
      : { ok: false, error, transactionsStored: stored };

  // rows of not-yet-final data are rewritten by every sync (a reorganised chain drops them);
  // only accounts whose last sync left some pay for the delete
  if (d.store.cursor(PENDING_MARK) === "true") {
    await deletePendingTransactions(d.db, d.accountId);
    d.store.setCursor(PENDING_MARK, "false", d.now());
  }

  while (pagesRead < maxPages) {
    const page = await d.adapter.getTransactions({ cursor, limit: pageLimit });
    if (!page.ok) return stop(page.error);
    pagesRead++;
    const at = new Date(d.now());
    // the chain replaced blocks already stored as final: their rows go before the cursor moves
    // back, so a crash in between only repeats the delete
    const reorg = page.value.reorgFromBlock;
    if (reorg !== undefined)
      removed += await deleteTransactionsFromBlock(d.db, d.accountId, BigInt(reorg));
    // the page's rows are in D1 before the cursor moves past them
    stored += await storeHistoryRows(d, page.value.transactions, at, () =>
      d.store.setCursor(TRANSACTIONS_STREAM, page.value.nextCursor, at.getTime()),
    );
    cursor = page.value.nextCursor;
    // a slice: bots waiting on this object are served before the next page
    await yieldToWaitingRequests();
    if (!page.value.hasMore) {
      const pending = page.value.pending ?? [];
      // not final yet, but in the balances read next: the fills they show are seen
      if (pending.length)
        d.store.atomically(() => d.store.fills.markShown(pending.map(historyKeys)));
      if (pending.length) {
        await insertTransactions(
          d.db,
          pending.map((tx) =>
            toTransactionRow(
              d.accountId,
              { ...tx, metadata: { ...tx.metadata, pending: true } },
              "pending",
              at,
            ),
          ),
        );
        d.store.setCursor(PENDING_MARK, "true", at.getTime());
      }
      historyComplete = true;
      break;
    }
  }

  // a platform whose balances come from replaying its history is asked once history is complete
  if (d.adapter.balancesFollowHistory && !historyComplete)
    return {
      ok: true,
      transactionsStored: stored,
      transactionsRemoved: removed,
      pagesRead,
      historyComplete,
      balancesChanged: 0,
    };

  const readAt = d.now();
  const balances = await d.adapter.getBalances();
  if (!balances.ok) return stop(balances.error);
  // a base the platform cannot price in (a simulated account asked for EUR) is no failure of
  // the account: its own prices are kept in USD, and valuations go through the price service
  let market = await d.adapter.getMarketValues(d.baseCurrency);
  if (!market.ok && market.error.kind === "unsupported" && d.baseCurrency !== "USD")
    market = await d.adapter.getMarketValues("USD");
  if (!market.ok) return stop(market.error);

  const unexplained = d.adapter.unexplainedAssets?.() ?? null;
  if (unexplained !== null)
    d.store.setCursor(UNEXPLAINED_ASSETS, JSON.stringify(unexplained), readAt);
  const failed = d.adapter.failedMovements?.() ?? null;
  if (failed !== null) d.store.setCursor(FAILED_MOVEMENTS, JSON.stringify(failed), readAt);
  const ignored = d.adapter.ignoredAssets?.() ?? [];
  const listed = JSON.stringify({
    count: ignored.length,
    assets: ignored.slice(0, IGNORED_ASSETS_LISTED),
  });
  if (ignored.length > 0 || d.store.cursor(IGNORED_ASSETS) !== null)
    d.store.setCursor(IGNORED_ASSETS, listed, readAt);
  const changed = d.store.balances.platformChanges(balances.value);
  await insertBalanceHistory(
    d.db,
    d.accountId,
    new Date(readAt),
    changed.map((b) => ({ ...b, amount: formatAmount(new Dec(b.free).add(b.locked)) })),
  );
  // the platform's state plus the fills it has not shown yet, in one step with nothing awaited
  // between reading the unseen fills and writing: a fill recorded during the sync stays applied
  d.store.atomically(() =>
    d.store.balances.applyPlatform(balances.value, d.store.fills.unseenDeltas(), readAt),
  );
  // the candles only this account can read (its pools, through its node), for the price service
  await storeMarketCandles(d.adapter, d.store, d.db, readAt);
  const asOf = Date.parse(market.value.asOf);
  d.store.replacePrices(
    Object.entries(market.value.prices).map(([asset, price]) => ({
      asset,
      price,
      base: market.value.base,
      asOf,
    })),
  );
  return {
    ok: true,
    transactionsStored: stored,
    transactionsRemoved: removed,
    pagesRead,
    historyComplete,
    balancesChanged: changed.length,
  };
}

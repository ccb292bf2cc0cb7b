import { publicConfig } from "@portfolio/adapters";
import {
  type Balance,
  Dec,
  formatAmount,
  type HeldReservation,
  isoTime,
  isoTimeOrNull,
} from "@portfolio/core";
import type { LiveView } from "../live/live-connection.js";
import type { AccountView, BalancesView, IgnoredAssets, SyncStatus } from "../rpc-types.js";
import type { AccountRecord, AccountStore, JobRecord } from "../storage/account-store.js";
import { KeptPerBook } from "./kept-per-book.js";

/**
 * The account's sync state. An initial sync whose history is not complete yet is `syncing`
 * between its runs too (the next one is due at once): `idle` means caught up.
 */
export function syncStatus(
  job: JobRecord | undefined,
  syncing: boolean,
  historyComplete: boolean,
): SyncStatus {
  const state: SyncStatus["state"] =
    syncing || (job?.state === "scheduled" && job.lastRunAt !== null && !historyComplete)
      ? "syncing"
      : !job || job.lastRunAt === null
        ? "pending"
        : job.state === "scheduled"
          ? "idle"
          : job.state;
  return {
    state,
    lastRunAt: isoTimeOrNull(job?.lastRunAt ?? null),
    lastSuccessAt: isoTimeOrNull(job?.lastSuccessAt ?? null),
    lastError:
      job?.lastError && job.lastErrorAt !== null
        ? { ...job.lastError, at: isoTime(job.lastErrorAt) }
        : null,
    nextRunAt: isoTimeOrNull(job?.nextRunAt ?? null),
    attempts: job?.attempts ?? 0,
    historyComplete,
  };
}

const NONE_IGNORED: IgnoredAssets = { count: 0, assets: [] };

/** The account's ignored tokens as the last sync stored them (see IGNORED_ASSETS). */
function ignoredOf(stored: string | null): IgnoredAssets {
  return stored === null ? NONE_IGNORED : (JSON.parse(stored) as IgnoredAssets);
}

export function accountView(
  a: AccountRecord,
  sync: SyncStatus,
  ignoredAssets: string | null,
  unexplained: string | null,
  failedMovements: string | null,
  live: LiveView,
): AccountView {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    provider: a.provider as AccountView["provider"],
    platformAccountId: a.platformAccountId,
    config: publicConfig(a.provider as AccountView["provider"], a.config),
    metadata: a.metadata,
    active: a.active,
    insertedAt: isoTime(a.insertedAt),
    updatedAt: isoTime(a.updatedAt),
    baseCurrency: a.baseCurrency,
    syncIntervalSeconds: a.syncIntervalMs / 1000,
    hasCredentials: a.credentials !== null,
    sync,
    ignoredAssets: ignoredOf(ignoredAssets),
    unexplained: unexplained === null ? {} : (JSON.parse(unexplained) as Record<string, string>),
    failedMovements:
      failedMovements === null
        ? []
        : (JSON.parse(failedMovements) as AccountView["failedMovements"]),
    live,
  };
}

/**
 * A sync older than twice the wait the schedule set means the numbers may be out of date; we
 * say so. The wait is the account's interval, or longer while a quiet wallet is synced less
 * often (see quietInterval): then the last sync is as recent as the schedule means it to be. A
 * backoff after failures never extends it.
 */
export function isStale(job: JobRecord | undefined, intervalMs: number, now: number): boolean {
  const lastSuccessAt = job?.lastSuccessAt ?? null;
  if (lastSuccessAt === null) return true;
  const wait =
    job?.state === "scheduled" && job.nextRunAt != null && job.nextRunAt > lastSuccessAt
      ? Math.max(intervalMs, job.nextRunAt - lastSuccessAt)
      : intervalMs;
  return now - lastSuccessAt > 2 * wait;
}

/** Shown free: the exact book value, never below zero (a fill can spend what no sync showed yet). */
export function shownFree(free: string): Dec {
  return Dec.max(new Dec(free), 0);
}

export function heldReservations(
  store: AccountStore,
  now: number,
): (HeldReservation & { id: string })[] {
  return store.reservations
    .active(now)
    .map((r) => ({ id: r.id, asset: r.asset, amount: new Dec(r.amount) }));
}

/** The balance rows of each store, while its balances and holds stay as they are. */
const keptRows = new KeptPerBook<Balance[]>();

export function balanceRows(a: AccountRecord, store: AccountStore, now: number): Balance[] {
  return keptRows.get(store, now, (book) => {
    const held = heldReservations(store, now);
    return [...book.rows.values()].map((b) => {
      const free = shownFree(b.free);
      const reserved = held
        .filter((h) => h.asset === b.asset)
        .reduce((s, h) => s.add(h.amount), new Dec(0));
      return {
        accountId: a.id,
        asset: b.asset,
        amount: formatAmount(free.add(b.locked)),
        free: formatAmount(free),
        locked: b.locked,
        reserved: formatAmount(reserved),
        available: formatAmount(Dec.max(free.sub(reserved), 0)),
        syncedAt: isoTime(b.syncedAt),
      };
    });
  });
}

/** How current an account's balances are (see freshness in account-state.ts). */
export interface Freshness {
  /** the platform's push feed is open and caught up: balances are current */
  live: boolean;
  stale: boolean;
  lastSuccess: number | null;
}

export function balancesView(
  a: AccountRecord,
  store: AccountStore,
  fresh: Freshness,
  now: number,
): BalancesView {
  const book = store.balances.snapshot();
  return {
    accountId: a.id,
    version: book.version,
    platformAsOf: isoTimeOrNull(book.platformAsOf),
    balances: balanceRows(a, store, now),
    syncedAt: isoTimeOrNull(fresh.lastSuccess),
    stale: fresh.stale,
    live: fresh.live,
    active: a.active,
  };
}

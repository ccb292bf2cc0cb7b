import {
  type Account,
  type AccountValuation,
  type Balance,
  type JsonObject,
  type Transaction,
  toJson,
} from "@portfolio/core";
import type { LiveView } from "./live/live-connection.js";

/**
 * What the account Durable Object answers over RPC. Expected failures are values with a code
 * from one closed set; the API maps codes to HTTP in one place.
 */
export type RpcErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "UNAVAILABLE"
  /** a condition the caller set (the balances' version) no longer holds */
  | "PRECONDITION_FAILED";
export interface RpcError {
  code: RpcErrorCode;
  message: string;
  details?: JsonObject;
}
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };
export type RpcFailure = { ok: false; error: RpcError };

/** A failed answer: the one place an {@link RpcError} result is built. */
export function rpcFailure(code: RpcErrorCode, message: string, details?: JsonObject): RpcFailure {
  return { ok: false, error: { code, message, ...(details ? { details } : {}) } };
}

/** NOT_FOUND for an account that does not exist, or is another owner's (so not there for them). */
export const NOT_REGISTERED: RpcFailure = rpcFailure("NOT_FOUND", "account not found");

/** INVALID_INPUT: what the caller sent cannot be taken; nothing changed. */
export function invalidInput(message: string, details?: JsonObject): RpcFailure {
  return rpcFailure("INVALID_INPUT", message, details);
}

/** INVALID_INPUT for input that failed its schema, with each of the schema's issues. */
export function invalidShape(what: string, issues: readonly unknown[]): RpcFailure {
  return invalidInput(`invalid ${what}`, {
    issues: toJson(issues) as JsonObject[keyof JsonObject],
  });
}

export interface RegisterInput {
  id: string;
  owner: string;
  name: string;
  provider: Account["provider"];
  type: Account["type"];
  platformAccountId: string | null;
  config: JsonObject;
  metadata: JsonObject;
  credentials: Record<string, string> | null;
  baseCurrency: string;
  syncIntervalSeconds: number | null;
}

/**
 * What an owner may change of a registered account. Each field given replaces the stored one;
 * `config` holds only the provider's fields to change (null puts one back to its default), and
 * `credentials` replaces the sealed credentials as a whole.
 */
export interface AccountPatch {
  name?: string;
  metadata?: JsonObject;
  syncIntervalSeconds?: number;
  config?: JsonObject;
  credentials?: Record<string, string>;
}

/** A recorded fill taken back: `voided` is false when it already was (the same row again). */
export interface VoidedTransaction {
  voided: boolean;
  transaction: Transaction;
}

export interface DeleteOptions {
  /** also remove the account's history from D1 (transactions, balance history) */
  purge: boolean;
}

export interface SyncStatus {
  state: "pending" | "syncing" | "idle" | "backoff" | "needs_attention";
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: { kind: string; message: string; retryable: boolean; at: string } | null;
  nextRunAt: string | null;
  attempts: number;
  historyComplete: boolean;
}

/** Tokens the platform shows the account that are not counted (spam, hostile), and why. */
export interface IgnoredAssets {
  /** how many there are; the list holds the first IGNORED_ASSETS_LISTED */
  count: number;
  assets: { token: string; symbol: string; reason: string }[];
}

export interface AccountView extends Account {
  baseCurrency: string;
  syncIntervalSeconds: number;
  hasCredentials: boolean;
  sync: SyncStatus;
  ignoredAssets: IgnoredAssets;
  /**
   * What the platform's balances hold that no history row explains, per asset (the sum of the
   * `kind: "unexplained"` rows): neither a return nor a movement a person made through us.
   */
  unexplained: Record<string, string>;
  /** deposits and withdrawals the platform ended without moving money (rejected, cancelled…), newest first */
  failedMovements: {
    kind: string;
    id: string;
    asset: string;
    amount: string;
    status: number;
    at: string;
  }[];
  /** the platform's push feed (Binance's user data stream): off, connecting, open or down */
  live: LiveView;
  /**
   * The owner's past rebuilt from the ledger (shared by the owner's accounts): its state, the
   * days the last run covered and how many points it wrote. Only GET /v1/accounts/:id reads it.
   */
  backfill?: {
    state: "none" | "pending" | "running" | "done" | "failed";
    from: string | null;
    to: string | null;
    done: number;
  };
}

export interface BalancesView {
  accountId: string;
  /** rises with every change of any balance of the account */
  version: number;
  /** when the platform state these balances include was read (fills recorded since are applied) */
  platformAsOf: string | null;
  balances: Balance[];
  syncedAt: string | null;
  /** true when the last successful sync is older than twice the sync interval (never while live) */
  stale: boolean;
  /** the platform's push feed is open and caught up: these are its balances as of now */
  live: boolean;
  /** false once the account is deactivated: these are its last known balances, no longer synced */
  active: boolean;
}

export type ValuationInput = AccountValuation;

export interface TradeCheckInput {
  side: "buy" | "sell";
  base: string;
  quote: string;
  quantity: string;
  price: string;
  /** a hold of the caller's own: its funds count as available to this trade */
  reservationId?: string;
}

export interface TradeCheckView {
  accountId: string;
  ok: boolean;
  violations: { code: string; message: string; details?: Record<string, string> }[];
  spends: { asset: string; amount: string };
  available: { asset: string; amount: string };
  notional: string;
  /** whether the exchange's trading rules (filters) were applied */
  rulesChecked: "checked" | "unknown_symbol" | "unavailable" | "not_applicable";
  /** the taker fee rate the spend includes: the account's own once known, else the platform's default */
  feeRate: string | null;
  balancesSyncedAt: string | null;
  /** the balances are older than the staleness limit: the verdict may be out of date */
  stale: boolean;
  /** how old the platform's balances are (since the last successful sync), in seconds */
  balancesAgeSeconds: number | null;
  /** the version of the balances the check was made against */
  balancesVersion: number;
}

export interface RecordedTransaction {
  created: boolean;
  transaction: Transaction;
}

export interface ReservationInput {
  asset: string;
  /** canonical decimal string, > 0 */
  amount: string;
  ttlSeconds: number;
  ref?: string | null;
  /** only hold when the balances are still at this version (If-Match) */
  ifVersion?: number;
}

export interface ReservationView {
  id: string;
  accountId: string;
  asset: string;
  /** what is still held */
  amount: string;
  /** what was held at first; fills recorded under the hold reduce `amount` by what they spent */
  requested: string;
  ref: string | null;
  createdAt: string;
  expiresAt: string;
}

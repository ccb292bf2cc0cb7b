/// <reference path="../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { createAdapter, type PlatformAdapter } from "@portfolio/adapters";
import {
  Provider,
  type TransactionInput,
  TransactionInput as TransactionInputSchema,
  toJson,
} from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { checkAccountTrade } from "./account/check-trade.js";
import { recordTransaction } from "./account/record-transaction.js";
import { registerAccount } from "./account/register.js";
import { reserveFunds } from "./account/reservations.js";
import { accountView, balancesView, isStale, syncStatus } from "./account/views.js";
import { decryptCredentials, importCredentialsKey } from "./credentials/credential-cipher.js";
import type {
  AccountView,
  BalancesView,
  RecordedTransaction,
  RegisterInput,
  ReservationInput,
  ReservationView,
  RpcResult,
  TradeCheckInput,
  TradeCheckView,
  ValuationInput,
} from "./rpc-types.js";
import { afterFailure, afterSuccess, SYNC_JOB } from "./schedule/sync-job.js";
import { type AccountRecord, AccountStore } from "./storage/account-store.js";
import { runSync, type SyncOutcome, TRANSACTIONS_STREAM } from "./sync/run-sync.js";

/** how long a webhook event id is remembered; providers redeliver within hours */
const WEBHOOK_MEMORY_MS = 7 * 86_400_000;

const NOT_REGISTERED = {
  ok: false,
  error: { code: "NOT_FOUND", message: "account not found" },
} as const;

/** The default sync interval of an account type: SYNC_INTERVAL_SECONDS_CEX / _DEX. */
function intervalFromEnv(env: SyncEnv, type: "cex" | "dex"): number {
  const name = type === "cex" ? "SYNC_INTERVAL_SECONDS_CEX" : "SYNC_INTERVAL_SECONDS_DEX";
  const value = env[name];
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new Error(`${name} must be a positive number of seconds, got ${value}`);
  return seconds * 1000;
}

/**
 * One account: its platform adapter, balances, cursors and alarm schedule. The class only wires
 * storage, env and the clock to the plain functions that do the work.
 */
export class AccountDO extends DurableObject<SyncEnv> {
  private readonly store: AccountStore;
  private adapter: PlatformAdapter | null = null;
  private inflight: Promise<SyncOutcome> | null = null;
  /** a webhook arrived while a sync ran: that sync may have started before the news, run again */
  private rerun = false;
  private key: Promise<CryptoKey> | null = null;

  constructor(ctx: DurableObjectState, env: SyncEnv) {
    super(ctx, env);
    this.store = new AccountStore(ctx.storage);
    ctx.blockConcurrencyWhile(() => this.store.migrate());
  }

  private credentialsKey(): Promise<CryptoKey> {
    this.key ??= importCredentialsKey(this.env.CREDENTIALS_KEY);
    return this.key;
  }

  private async adapterFor(account: AccountRecord): Promise<PlatformAdapter> {
    if (!this.adapter) {
      const credentials = account.credentials
        ? await decryptCredentials(await this.credentialsKey(), account.id, account.credentials)
        : null;
      this.adapter = createAdapter(Provider.parse(account.provider), account.config, credentials, {
        now: () => Date.now(),
        fetch: (input, init) => fetch(input, init),
      });
    }
    return this.adapter;
  }

  /** The account, if it exists and belongs to `owner`; another owner's account does not exist for them. */
  private owned(owner: string): AccountRecord | null {
    const account = this.store.account();
    return account && account.owner === owner ? account : null;
  }

  private historyComplete(): boolean {
    return this.store.cursor(`${TRANSACTIONS_STREAM}:complete`) === "true";
  }

  private view(account: AccountRecord): AccountView {
    return accountView(
      account,
      syncStatus(this.store.job(SYNC_JOB), this.inflight !== null, this.historyComplete()),
    );
  }

  private async rearm(): Promise<void> {
    const next = this.store.nextDue();
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  async register(input: RegisterInput): Promise<RpcResult<AccountView>> {
    const r = await registerAccount(
      {
        store: this.store,
        db: createDb(this.env.DB),
        credentialsKey: () => this.credentialsKey(),
        defaultIntervalMs: intervalFromEnv(this.env, input.type),
        adapterDeps: { now: () => Date.now(), fetch: (i, init) => fetch(i, init) },
        now: Date.now(),
      },
      input,
    );
    if (!r.ok) return r;
    await this.rearm();
    return { ok: true, value: this.view(r.value) };
  }

  async describe(owner: string): Promise<RpcResult<AccountView>> {
    const account = this.owned(owner);
    return account ? { ok: true, value: this.view(account) } : NOT_REGISTERED;
  }

  async balances(owner: string): Promise<RpcResult<BalancesView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return {
      ok: true,
      value: balancesView(account, this.store, this.store.job(SYNC_JOB), Date.now()),
    };
  }

  async valuation(owner: string): Promise<RpcResult<ValuationInput>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const prices = this.store.prices();
    const lastSuccess = this.store.job(SYNC_JOB)?.lastSuccessAt ?? null;
    const pricesAsOf = prices.reduce<number | null>(
      (min, p) => (min === null || p.asOf < min ? p.asOf : min),
      null,
    );
    return {
      ok: true,
      value: {
        accountId: account.id,
        name: account.name,
        holdings: balancesView(account, this.store, undefined, Date.now()).balances.map((b) => ({
          asset: b.asset,
          amount: b.amount,
        })),
        prices: Object.fromEntries(prices.map((p) => [p.asset, p.price])),
        priceBase: prices[0]?.base ?? account.baseCurrency,
        pricesAsOf: pricesAsOf === null ? null : new Date(pricesAsOf).toISOString(),
        syncedAt: lastSuccess === null ? null : new Date(lastSuccess).toISOString(),
        stale: isStale(lastSuccess, account.syncIntervalMs, Date.now()),
      },
    };
  }

  async checkTrade(owner: string, input: TradeCheckInput): Promise<RpcResult<TradeCheckView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const adapter = await this.adapterFor(account);
    const lastSuccess = this.store.job(SYNC_JOB)?.lastSuccessAt ?? null;
    // the exchange's own rules (step size, minimum notional…) where it has them; a platform
    // that cannot answer right now leaves them unchecked, and the answer says so
    const rules = adapter.getSymbolRules
      ? await adapter.getSymbolRules(input.base, input.quote)
      : null;
    return {
      ok: true,
      value: checkAccountTrade(this.store, account.id, input, {
        feeRate: adapter.takerFeeRate ?? null,
        rules: rules?.ok ? rules.value : null,
        rulesChecked:
          rules === null
            ? "not_applicable"
            : rules.ok
              ? rules.value
                ? "checked"
                : "unknown_symbol"
              : "unavailable",
        balancesSyncedAt: lastSuccess === null ? null : new Date(lastSuccess).toISOString(),
        now: Date.now(),
      }),
    };
  }

  async recordTransaction(
    owner: string,
    input: TransactionInput,
  ): Promise<RpcResult<RecordedTransaction>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const parsed = TransactionInputSchema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: "INVALID_INPUT",
          message: "invalid transaction",
          details: { issues: toJson(parsed.error.issues) },
        },
      };
    }
    return recordTransaction(
      this.store,
      createDb(this.env.DB),
      account.id,
      parsed.data,
      Date.now(),
    );
  }

  async reserve(owner: string, input: ReservationInput): Promise<RpcResult<ReservationView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return reserveFunds(this.store, account.id, input, Date.now());
  }

  async release(owner: string, reservationId: string): Promise<RpcResult<{ released: true }>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return this.store.deleteReservation(reservationId, Date.now())
      ? { ok: true, value: { released: true } }
      : {
          ok: false,
          error: { code: "NOT_FOUND", message: `no active reservation ${reservationId}` },
        };
  }

  /** Runs a sync now, or joins the one already running, and answers the account's status after it. */
  async requestSync(owner: string): Promise<RpcResult<AccountView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    await this.syncOnce(account);
    return { ok: true, value: this.view(account) };
  }

  /**
   * A platform said, through a webhook the API verified, that the account changed: the next sync
   * is moved to now, once per event id (a redelivered event changes nothing). The webhook is only
   * a hint; what is stored still comes from the platform. An account waiting out a backoff or a
   * ban, or one that needs a person, is left as it is.
   */
  async notify(eventId: string): Promise<RpcResult<{ scheduled: boolean }>> {
    const account = this.store.account();
    if (!account?.active) return NOT_REGISTERED;
    const now = Date.now();
    if (!this.store.rememberEvent(eventId, now, WEBHOOK_MEMORY_MS))
      return { ok: true, value: { scheduled: false } };
    const job = this.store.job(SYNC_JOB);
    if (job?.state !== "scheduled" || job.nextRunAt === null)
      return { ok: true, value: { scheduled: false } };
    if (this.inflight) this.rerun = true;
    if (job.nextRunAt > now) this.store.saveJob({ ...job, nextRunAt: now });
    await this.rearm();
    return { ok: true, value: { scheduled: true } };
  }

  override async alarm(): Promise<void> {
    const account = this.store.account();
    const job = this.store.job(SYNC_JOB);
    if (account?.active && job?.nextRunAt != null && job.nextRunAt <= Date.now())
      await this.syncOnce(account);
    await this.rearm();
  }

  private syncOnce(account: AccountRecord): Promise<SyncOutcome> {
    this.inflight ??= this.runAndSchedule(account).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async runAndSchedule(account: AccountRecord): Promise<SyncOutcome> {
    let outcome: SyncOutcome;
    try {
      outcome = await runSync({
        adapter: await this.adapterFor(account),
        store: this.store,
        db: createDb(this.env.DB),
        accountId: account.id,
        baseCurrency: account.baseCurrency,
        now: () => Date.now(),
      });
    } catch (cause) {
      outcome = {
        ok: false,
        transactionsStored: 0,
        error: {
          kind: "unavailable",
          retryable: true,
          message: `storage failure: ${String(cause)}`,
          cause,
        },
      };
    }
    const job = this.store.job(SYNC_JOB);
    if (job) {
      const now = Date.now();
      if (outcome.ok) {
        if (outcome.historyComplete)
          this.store.setCursor(`${TRANSACTIONS_STREAM}:complete`, "true", now);
        this.store.saveJob(
          afterSuccess(
            job,
            now,
            account.syncIntervalMs,
            outcome.historyComplete,
            outcome.resumeAfterMs,
          ),
        );
      } else {
        this.store.saveJob(afterFailure(job, now, outcome.error, Math.random()));
      }
      const after = this.store.job(SYNC_JOB);
      if (this.rerun && after?.state === "scheduled" && after.nextRunAt !== null)
        this.store.saveJob({ ...after, nextRunAt: Math.min(after.nextRunAt, now) });
      this.rerun = false;
    }
    console.log(
      JSON.stringify({
        event: "sync",
        accountId: account.id,
        ok: outcome.ok,
        transactionsStored: outcome.transactionsStored,
        ...(outcome.ok
          ? { pagesRead: outcome.pagesRead }
          : { error: { kind: outcome.error.kind, message: outcome.error.message } }),
      }),
    );
    await this.rearm();
    return outcome;
  }
}

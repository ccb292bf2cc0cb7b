/// <reference path="../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { createAdapter, ledgerKeptByUs, type PlatformAdapter } from "@portfolio/adapters";
import { FillInput, formatAmount, Provider, toJson } from "@portfolio/core";
import { createDb, findTransaction, markAccountDeleted, purgeAccount } from "@portfolio/db";
import { checkAccountTrade } from "./account/check-trade.js";
import { recordFill } from "./account/record-fill.js";
import { registerAccount } from "./account/register.js";
import {
  type ReserveOutcome,
  releaseFunds,
  reservationView,
  reserveFunds,
} from "./account/reservations.js";
import { inactiveRefusal, setAccountActive } from "./account/set-active.js";
import { SYMBOL_RULES_TTL_MS, SymbolRulesCache } from "./account/symbol-rules.js";
import { updateAccount } from "./account/update-account.js";
import { accountView, balanceRows, balancesView, isStale, syncStatus } from "./account/views.js";
import { voidFill } from "./account/void-fill.js";
import { openAccountSecrets } from "./credentials/account-secrets.js";
import { importCredentialsKey } from "./credentials/credential-cipher.js";
import type { AccountEvent } from "./events/account-event.js";
import {
  balancesChanged,
  fillEvent,
  reservationChanged,
  syncStateEvent,
} from "./events/build-events.js";
import { applyLive } from "./live/apply-live.js";
import { LiveConnection } from "./live/live-connection.js";
import type { OutboxSinks } from "./outbox/drain-outbox.js";
import { OutboxDriver } from "./outbox/outbox-driver.js";
import type {
  AccountPatch,
  AccountView,
  BalancesView,
  DeleteOptions,
  RecordedTransaction,
  RegisterInput,
  ReservationInput,
  ReservationView,
  RpcResult,
  TradeCheckInput,
  TradeCheckView,
  ValuationInput,
  VoidedTransaction,
} from "./rpc-types.js";
import { afterFailure, afterSuccess, quietInterval, SYNC_JOB } from "./schedule/sync-job.js";
import { type AccountRecord, AccountStore } from "./storage/account-store.js";
import { StreamHub } from "./stream/stream-hub.js";
import {
  FAILED_MOVEMENTS,
  IGNORED_ASSETS,
  runSync,
  type SyncOutcome,
  TRANSACTIONS_STREAM,
  UNEXPLAINED_ASSETS,
} from "./sync/run-sync.js";
import { webhookClient } from "./webhooks/webhook-client.js";

/** how long a webhook event id is remembered; providers redeliver within hours */
const WEBHOOK_MEMORY_MS = 7 * 86_400_000;
/** syncs in a row that found nothing new (see quietInterval) */
const QUIET_RUNS = "sync:quiet";
/** when a sync last stored the trading rules of the account's pairs */
const RULES_STORED_AT = "rules:storedAt";
/** the platform's rate-limit state: weight used per window, the end of a ban */
const PLATFORM_LIMITS = "platform:limits";

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

/** How soon the alarm comes back for history still owed to D1 when nothing else is due sooner. */
const OUTBOX_BACKSTOP_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * One account: its platform adapter, balances, cursors and alarm schedule. The class only wires
 * storage, env and the clock to the plain functions that do the work. Balance reads, trade
 * checks, holds and fills are answered from the object's own storage (mostly its memory): they
 * never wait on a sync, on the platform or on D1.
 */
export class AccountDO extends DurableObject<SyncEnv> {
  private readonly store: AccountStore;
  private rules: SymbolRulesCache;
  private readonly outbox: OutboxDriver;
  private readonly stream: StreamHub;
  /** the platform's push feed of this account (Binance's user data stream), when it has one */
  private readonly live: LiveConnection;
  private adapter: PlatformAdapter | null = null;
  private inflight: Promise<SyncOutcome> | null = null;
  /** a webhook arrived while a sync ran: that sync may have started before the news, run again */
  private rerun = false;
  private key: ReturnType<typeof importCredentialsKey> | null = null;
  /** the alarm as last set by this instance (undefined: not known yet) */
  private armedAt: number | null | undefined;
  /** the account is being deleted: it answers as if gone, and nothing new starts */
  private closing = false;
  /** changes of the account itself (update, activation, deletion) run one after another */
  private admin: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: SyncEnv) {
    super(ctx, env);
    this.store = AccountStore.of(ctx.storage);
    this.rules = new SymbolRulesCache(this.store);
    this.stream = new StreamHub(ctx);
    this.live = new LiveConnection({
      feed: async () => {
        const account = this.store.account();
        if (!account?.active || this.closing) return null;
        return (await this.adapterFor(account)).liveFeed?.() ?? null;
      },
      apply: (updates) => this.applyLive(updates),
      gap: () => void this.syncSoon(),
      rearm: () => void this.rearm(),
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      random: () => Math.random(),
    });
    this.outbox = new OutboxDriver(
      this.store,
      () => this.outboxSinks(),
      () => this.rearm(),
      (p) => ctx.waitUntil(p),
    );
    ctx.blockConcurrencyWhile(async () => {
      await this.store.open();
      this.armedAt = await ctx.storage.getAlarm();
      // history an earlier instance owed D1 goes now, not at the next alarm
      if (this.store.registered && this.store.outbox.pending() > 0) this.outbox.kick();
      // an object that wakes (after an eviction, a deploy) opens its account's feed again
      if (this.store.account()?.active) void this.live.ensure();
    });
  }

  /**
   * What the feed pushed, applied as a sync would; bots and webhooks hear of the balances it
   * moved. What only a sync can explain (a deposit, a transfer) moves the next sync to now.
   */
  private async applyLive(updates: Parameters<typeof applyLive>[1]): Promise<void> {
    const account = this.store.account();
    if (!account?.active || this.closing) return;
    const r = await applyLive(
      {
        store: this.store,
        db: createDb(this.env.DB),
        accountId: account.id,
        now: () => Date.now(),
      },
      updates,
    );
    if (r.stored > 0 || r.balancesMoved) this.outbox.kick();
    if (r.balancesMoved) {
      const now = Date.now();
      this.store.outbox.append("event", this.balancesEvent(account, now), now);
      this.outbox.kick();
      this.publish(() => [this.balancesEvent(account, now)]);
    }
    if (r.syncWanted !== null) await this.syncSoon();
  }

  /**
   * Moves the next sync to now (or asks the running one to run again), unless the account is
   * waiting out a backoff or a ban, or needs a person. True when a sync was scheduled.
   */
  private async syncSoon(): Promise<boolean> {
    const job = this.store.job(SYNC_JOB);
    if (!this.store.account()?.active || this.closing) return false;
    if (job?.state !== "scheduled" || job.nextRunAt === null) return false;
    const now = Date.now();
    if (this.inflight) this.rerun = true;
    if (job.nextRunAt > now) this.store.saveJob({ ...job, nextRunAt: now });
    await this.rearm();
    return true;
  }

  /** How current the balances are: live while the feed is, else as of the last successful sync. */
  private freshness(account: AccountRecord, now: number) {
    const job = this.store.job(SYNC_JOB);
    const lastSuccess = job?.lastSuccessAt ?? null;
    if (this.live.isLive()) return { live: true, stale: false, asOf: now, lastSuccess };
    return {
      live: false,
      stale: isStale(job, account.syncIntervalMs, now),
      asOf: lastSuccess,
      lastSuccess,
    };
  }

  private credentialsKey(): ReturnType<typeof importCredentialsKey> {
    this.key ??= importCredentialsKey(this.env.CREDENTIALS_KEY);
    return this.key;
  }

  private async adapterFor(account: AccountRecord): Promise<PlatformAdapter> {
    if (!this.adapter) {
      const { config, credentials, update } = await openAccountSecrets(
        await this.credentialsKey(),
        account,
      );
      // credentials or config changed (a PATCH) while these were opened: open the new ones
      const current = this.store.account();
      if (
        current &&
        (current.credentials !== account.credentials || current.config !== account.config)
      )
        return this.adapterFor(current);
      if (this.adapter) return this.adapter;
      // sealed under a key being rotated out, or an EVM node URL still in the config: stored
      // anew, once
      if (update) this.store.replaceSecrets(update);
      this.adapter = createAdapter(Provider.parse(account.provider), config, credentials, {
        now: () => Date.now(),
        fetch: (input, init) => fetch(input, init),
        bookedFills: (from, to) => this.store.fills.booked(from, to),
      });
      // the weight budget and a ban outlive the object: the new adapter takes up where the
      // last one left off
      const limits = this.store.cursor(PLATFORM_LIMITS);
      if (limits !== null) this.adapter.loadLimits?.(limits);
    }
    return this.adapter;
  }

  /** Stores the platform's rate-limit state (see PlatformAdapter.saveLimits), when it moved. */
  private saveLimits(adapter: PlatformAdapter): void {
    const state = adapter.saveLimits?.();
    if (state !== undefined && state !== this.store.cursor(PLATFORM_LIMITS))
      this.store.setCursor(PLATFORM_LIMITS, state, Date.now());
  }

  /** The account, if it exists and belongs to `owner`; another owner's account does not exist for them. */
  private owned(owner: string): AccountRecord | null {
    if (this.closing) return null;
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
      this.store.cursor(IGNORED_ASSETS),
      this.store.cursor(UNEXPLAINED_ASSETS),
      this.store.cursor(FAILED_MOVEMENTS),
      this.live.view(),
    );
  }

  /**
   * Sets the alarm to the earliest due job, only when that moved. History owed to D1 always has
   * an alarm within {@link OUTBOX_BACKSTOP_MS}, even on an account whose syncs are stopped.
   */
  private async rearm(): Promise<void> {
    let next = this.store.nextDue();
    const live = this.live.wakeAt();
    if (live !== null && (next === null || live < next)) next = live;
    if (this.store.registered && this.store.outbox.pending() > 0) {
      const backstop = Date.now() + OUTBOX_BACKSTOP_MS;
      if (next === null || next > backstop) next = backstop;
    }
    if (next === this.armedAt) return;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
    this.armedAt = next;
  }

  /** Runs `fn` after every change of the account itself already asked for. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.admin.then(fn);
    this.admin = run.catch(() => undefined);
    return run;
  }

  /**
   * Tells subscribed bots what happened. The events are only built when someone listens: the
   * hot path pays nothing for a stream nobody holds.
   */
  private publish(make: () => AccountEvent[]): void {
    if (this.ctx.getWebSockets().length === 0) return;
    let events: AccountEvent[];
    try {
      events = make();
    } catch (cause) {
      // what was recorded stays recorded: a subscriber misses an event, the caller sees nothing
      console.error(JSON.stringify({ event: "stream_events_failed", error: String(cause) }));
      return;
    }
    for (const e of events) this.stream.broadcast(e);
  }

  private outboxSinks(): OutboxSinks {
    const account = this.store.account();
    const owner = account?.owner ?? "";
    return {
      db: createDb(this.env.DB),
      publish: (events) => webhookClient(this.env.WEBHOOKS, owner).publish(owner, events),
      balancesNow: () => (account ? this.balancesEvent(account, Date.now()) : null),
    };
  }

  private balancesEvent(account: AccountRecord, now: number): AccountEvent {
    return balancesChanged(account, this.store, now);
  }

  // stream: begin (the WebSocket subscription; see stream/stream-hub.ts)
  /**
   * A bot's subscription, handed over by the API (RPC cannot carry a WebSocket): the owner the
   * API named must own the account; the first message is the state the events then change.
   */
  override async fetch(request: Request): Promise<Response> {
    return this.stream.subscribe(request, (owner) => {
      const account = this.owned(owner);
      if (!account) return null;
      const now = Date.now();
      return {
        balances: this.balancesEvent(account, now),
        sync: syncStateEvent(account.id, this.view(account).sync, now),
        now,
      };
    });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.stream.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.stream.close(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.stream.error(ws);
  }
  // stream: end

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
    void this.live.ensure();
    await this.rearm();
    return { ok: true, value: this.view(r.value) };
  }

  async describe(owner: string): Promise<RpcResult<AccountView>> {
    const account = this.owned(owner);
    return account ? { ok: true, value: this.view(account) } : NOT_REGISTERED;
  }

  // management: begin (changes of the account itself, one at a time)
  /** Changes name, metadata, sync interval, the config fields that may change, or the credentials. */
  async update(owner: string, patch: AccountPatch): Promise<RpcResult<AccountView>> {
    return this.serial(async () => {
      const account = this.owned(owner);
      if (!account) return NOT_REGISTERED;
      const r = await updateAccount(
        {
          store: this.store,
          db: createDb(this.env.DB),
          credentialsKey: () => this.credentialsKey(),
          adapterDeps: { now: () => Date.now(), fetch: (i, init) => fetch(i, init) },
          now: Date.now(),
        },
        account,
        patch,
      );
      if (!r.ok) return r;
      // the next call builds its adapter from what is stored now (a sync under way keeps its own)
      if (r.value.adapterChanged) {
        this.adapter = null;
        // the feed follows the new config and key (or stops, with realtime off)
        this.live.stop();
        if (r.value.account.active) await this.live.ensure();
      }
      await this.rearm();
      return { ok: true, value: this.view(r.value.account) };
    });
  }

  /** Stops syncing, leaves portfolios, releases holds; see account/set-active.ts. */
  async deactivate(owner: string): Promise<RpcResult<AccountView>> {
    return this.setActive(owner, false);
  }

  /** Back in portfolios, with a sync now. */
  async activate(owner: string): Promise<RpcResult<AccountView>> {
    return this.setActive(owner, true);
  }

  private setActive(owner: string, active: boolean): Promise<RpcResult<AccountView>> {
    return this.serial(async () => {
      const account = this.owned(owner);
      if (!account) return NOT_REGISTERED;
      const now = Date.now();
      const r = await setAccountActive(
        { store: this.store, db: createDb(this.env.DB), now },
        account,
        active,
      );
      if (!r.changed) return { ok: true, value: this.view(r.account) };
      if (active) void this.live.ensure();
      else this.live.stop();
      await this.rearm();
      const view = this.view(r.account);
      this.publish(() => [
        ...r.released.map((h) =>
          reservationChanged(reservationView(account.id, h), "released", now),
        ),
        ...(r.released.length ? [this.balancesEvent(r.account, now)] : []),
        syncStateEvent(account.id, view.sync, now),
      ]);
      return { ok: true, value: view };
    });
  }

  /**
   * Deletes the account: what it owes D1 goes there first (unless purging), then its D1 row is
   * taken from its owner (or, purging, removed with its transactions and balance history; the
   * owner's snapshots stay), then the object's storage, sealed credentials included, and its
   * alarm. A sync under way finishes first. If D1 cannot be reached, nothing is deleted.
   */
  async remove(owner: string, opts: DeleteOptions): Promise<RpcResult<{ deleted: true }>> {
    return this.serial(async () => {
      const account = this.owned(owner);
      if (!account) return NOT_REGISTERED;
      this.closing = true;
      try {
        // no alarm starts a sync any more (closing); wait for any that started before
        while (this.inflight) await this.inflight;
        if (opts.purge) await this.outbox.settle();
        else await this.outbox.flush();
        while (this.inflight) await this.inflight;
        const db = createDb(this.env.DB);
        if (opts.purge) await purgeAccount(db, account.id);
        else await markAccountDeleted(db, account.id, new Date());
      } catch (cause) {
        this.closing = false;
        // an alarm that came while closing did nothing: the schedule goes on
        await this.rearm();
        console.error(
          JSON.stringify({ event: "delete_failed", accountId: account.id, error: String(cause) }),
        );
        return {
          ok: false,
          error: {
            code: "UNAVAILABLE",
            message: "the account's history could not reach D1: nothing was deleted, try again",
          },
        };
      }
      this.stream.closeAll("account deleted");
      this.live.stop();
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.store.reset();
      this.adapter = null;
      this.rules = new SymbolRulesCache(this.store);
      this.armedAt = null;
      this.rerun = false;
      this.closing = false;
      console.log(
        JSON.stringify({ event: "account_deleted", accountId: account.id, purge: opts.purge }),
      );
      return { ok: true, value: { deleted: true } };
    });
  }
  // management: end

  async balances(owner: string): Promise<RpcResult<BalancesView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const now = Date.now();
    return {
      ok: true,
      value: balancesView(account, this.store, this.freshness(account, now), now),
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
        holdings: balanceRows(account, this.store, Date.now()).map((b) => ({
          asset: b.asset,
          amount: b.amount,
        })),
        prices: Object.fromEntries(prices.map((p) => [p.asset, p.price])),
        priceBase: prices[0]?.base ?? account.baseCurrency,
        pricesAsOf: iso(pricesAsOf),
        syncedAt: iso(lastSuccess),
        stale: this.freshness(account, Date.now()).stale,
      },
    };
  }

  async checkTrade(owner: string, input: TradeCheckInput): Promise<RpcResult<TradeCheckView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    if (!account.active) return inactiveRefusal(account.id, "trade checks");
    const adapter = await this.adapterFor(account);
    const now = Date.now();
    // the exchange's own rules (step size, minimum notional…) from storage; never fetched
    // while the bot waits: missing or old rules are refreshed behind the answer
    const known = this.rules.known(adapter, input.base, input.quote, now);
    // never behind a ban: nothing goes to the platform until it ends
    if (known.refresh && !((adapter.blockedUntil?.() ?? 0) > now))
      this.ctx.waitUntil(
        this.rules
          .refresh(adapter, input.base, input.quote, () => Date.now())
          .then(() => this.saveLimits(adapter)),
      );
    const fresh = this.freshness(account, now);
    return {
      ok: true,
      value: checkAccountTrade(this.store, account.id, input, {
        // the account's own taker rate on this symbol, once its rules are stored; else the
        // platform's published default
        feeRate: known.rules?.commission
          ? formatAmount(known.rules.commission.taker)
          : (adapter.takerFeeRate ?? null),
        rules: known.rules,
        rulesChecked: known.checked,
        balancesSyncedAt: iso(fresh.lastSuccess),
        stale: fresh.stale,
        // 0 while the feed is live: the balances are the platform's as of now
        balancesAgeSeconds: fresh.asOf === null ? null : Math.floor((now - fresh.asOf) / 1000),
        now,
      }),
    };
  }

  async recordTransaction(owner: string, input: unknown): Promise<RpcResult<RecordedTransaction>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const parsed = FillInput.safeParse(input);
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
    const { metadata } = parsed.data;
    const named = ["tradeId", "orderId"].some((k) =>
      ["string", "number"].includes(typeof metadata[k]),
    );
    if (!ledgerKeptByUs[Provider.parse(account.provider)] && !named) {
      // on an exchange or a chain the fill stays applied until a sync sees its trade: without
      // the platform's id it never would, and the trade would be counted twice
      return {
        ok: false,
        error: {
          code: "INVALID_INPUT",
          message:
            "name the platform's trade in metadata.tradeId (Binance's trade id, or the chain's transaction hash) or metadata.orderId, so a sync can recognise it",
        },
      };
    }
    const now = Date.now();
    const holdId = metadata.reservationId;
    const hold = typeof holdId === "string" ? this.store.reservations.get(holdId, now) : undefined;
    const r = recordFill(this.store, account.id, parsed.data, now);
    if (!r.ok || !r.value.created) return r;
    this.outbox.kick();
    if (this.wake(account, now)) await this.rearm();
    const { transaction } = r.value;
    this.publish(() => {
      const events = [fillEvent("fill.recorded", transaction, now)];
      if (hold) {
        const left = this.store.reservations.get(hold.id, now);
        events.push(
          reservationChanged(
            reservationView(account.id, left ?? { ...hold, amount: "0" }),
            left ? "reduced" : "spent",
            now,
          ),
        );
      }
      events.push(this.balancesEvent(account, now));
      return events;
    });
    return r;
  }

  /**
   * Takes back a fill a bot recorded (see account/void-fill.ts); a row the platform's own
   * history holds is a conflict, a txId nobody knows is not found.
   */
  async voidTransaction(owner: string, txId: string): Promise<RpcResult<VoidedTransaction>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const now = Date.now();
    const provider = Provider.parse(account.provider);
    const r = voidFill(this.store, account.id, txId, now, ledgerKeptByUs[provider]);
    if (!r.ok && r.error.code === "NOT_FOUND") {
      const row = await findTransaction(createDb(this.env.DB), account.id, txId);
      if (!row)
        return { ok: false, error: { code: "NOT_FOUND", message: `no transaction ${txId}` } };
      return {
        ok: false,
        error: {
          code: "CONFLICT",
          message: `transaction ${txId} was read from the platform: only fills recorded through the API can be voided`,
          details: { reason: "NOT_A_RECORDED_FILL", txId },
        },
      };
    }
    if (!r.ok || !r.value.voided) return r;
    this.outbox.kick();
    const { transaction } = r.value;
    this.publish(() => [
      fillEvent("fill.voided", transaction, now),
      this.balancesEvent(account, now),
    ]);
    return r;
  }

  async reserve(owner: string, input: ReservationInput): Promise<RpcResult<ReserveOutcome>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    if (!account.active) return inactiveRefusal(account.id, "holds");
    const now = Date.now();
    const r = reserveFunds(this.store, account.id, input, now);
    if (r.ok && r.value.created) {
      const { reservation } = r.value;
      this.publish(() => [
        reservationChanged(reservation, "held", now),
        this.balancesEvent(account, now),
      ]);
    }
    return r;
  }

  async listReservations(owner: string): Promise<RpcResult<ReservationView[]>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return {
      ok: true,
      value: this.store.reservations.active(Date.now()).map((r) => reservationView(account.id, r)),
    };
  }

  async release(owner: string, reservationId: string): Promise<RpcResult<{ released: true }>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const now = Date.now();
    const hold = this.store.reservations.get(reservationId, now);
    if (!hold || !releaseFunds(this.store, reservationId, now))
      return {
        ok: false,
        error: { code: "NOT_FOUND", message: `no active reservation ${reservationId}` },
      };
    this.publish(() => [
      reservationChanged(reservationView(account.id, hold), "released", now),
      this.balancesEvent(account, now),
    ]);
    return { ok: true, value: { released: true } };
  }

  /** Runs a sync now, or joins the one already running, and answers the account's status after it. */
  async requestSync(owner: string): Promise<RpcResult<AccountView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    if (!account.active) return inactiveRefusal(account.id, "syncs");
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
    if (!account?.active || this.closing) return NOT_REGISTERED;
    const now = Date.now();
    if (!this.store.rememberEvent(eventId, now, WEBHOOK_MEMORY_MS))
      return { ok: true, value: { scheduled: false } };
    return { ok: true, value: { scheduled: await this.syncSoon() } };
  }

  override async alarm(): Promise<void> {
    this.armedAt = null;
    if (!this.store.registered || this.closing) return;
    const now = Date.now();
    this.store.atomically(() => this.store.reservations.purgeExpired(now));
    await this.outbox.runIfDue(now);
    // a delete may have begun while the outbox was sent: it owns the object now
    if (this.closing) return;
    const account = this.store.account();
    const job = this.store.job(SYNC_JOB);
    if (account?.active) this.live.tick(Date.now());
    if (account?.active && job?.nextRunAt != null && job.nextRunAt <= Date.now())
      await this.syncOnce(account);
    if (!this.closing) await this.rearm();
  }

  /**
   * How many syncs in a row found nothing new, this one included, for a wallet account (`dex`):
   * its balances move only with on-chain activity, which its webhook announces, so a quiet
   * wallet is synced less often (see quietInterval). Other accounts always count 0.
   */
  private quietRuns(account: AccountRecord, outcome: SyncOutcome, now: number): number {
    const quiet =
      account.type === "dex" &&
      outcome.ok &&
      outcome.historyComplete &&
      outcome.transactionsStored === 0 &&
      outcome.balancesChanged === 0;
    const runs = quiet ? this.quietSoFar() + 1 : 0;
    this.store.setCursor(QUIET_RUNS, String(runs), now);
    this.quietCount = runs;
    return runs;
  }

  /** the quiet-run count, read from storage once per object (kept in step after that) */
  private quietCount: number | null = null;
  private quietSoFar(): number {
    this.quietCount ??= Number(this.store.cursor(QUIET_RUNS) ?? "0");
    return this.quietCount;
  }

  /**
   * A bot recorded a fill on a quiet wallet: its trade is about to show on chain, so the next
   * sync is one interval away again. True when the schedule moved (the alarm must follow).
   */
  private wake(account: AccountRecord, now: number): boolean {
    // a fill on the hot path: no storage read once the count is known
    if (account.type !== "dex" || this.quietSoFar() === 0) return false;
    this.store.setCursor(QUIET_RUNS, "0", now);
    this.quietCount = 0;
    const job = this.store.job(SYNC_JOB);
    if (job?.state !== "scheduled" || job.nextRunAt === null) return false;
    const next = Math.min(job.nextRunAt, now + account.syncIntervalMs);
    if (next === job.nextRunAt) return false;
    this.store.saveJob({ ...job, nextRunAt: next });
    return true;
  }

  /**
   * Once a day, a complete sync stores the trading rules of the account's pairs, so trade checks
   * on them find their rules (and the account's fee rates) in storage. A failure keeps the old
   * ones and tries again after the next sync.
   */
  private async storeRules(adapter: PlatformAdapter): Promise<void> {
    if (!adapter.accountSymbolRules) return;
    const now = Date.now();
    const last = Number(this.store.cursor(RULES_STORED_AT) ?? "0");
    if (now - last < SYMBOL_RULES_TTL_MS) return;
    const r = await adapter.accountSymbolRules();
    if (!r.ok || this.closing) return;
    this.store.atomically(() => {
      this.rules.storeAll(r.value, now);
      this.store.setCursor(RULES_STORED_AT, String(now), now);
    });
  }

  private syncOnce(account: AccountRecord): Promise<SyncOutcome> {
    this.inflight ??= this.runAndSchedule(account).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async runAndSchedule(account: AccountRecord): Promise<SyncOutcome> {
    const startedAt = Date.now();
    const versionBefore = this.store.balances.snapshot().version;
    const settledBefore = syncStatus(this.store.job(SYNC_JOB), false, this.historyComplete());
    this.publish(() => [syncStateEvent(account.id, this.view(account).sync, Date.now())]);
    let outcome: SyncOutcome;
    try {
      const adapter = await this.adapterFor(account);
      try {
        outcome = await runSync({
          adapter,
          store: this.store,
          db: createDb(this.env.DB),
          accountId: account.id,
          baseCurrency: account.baseCurrency,
          now: () => Date.now(),
        });
        if (outcome.ok && outcome.historyComplete) await this.storeRules(adapter);
      } finally {
        if (!this.closing) this.saveLimits(adapter);
      }
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
    if (outcome.ok && outcome.historyComplete && !this.closing) {
      // a sync that began after the feed's subscription read whatever it may have missed
      this.live.synced(startedAt);
      if (this.store.account()?.active) void this.live.ensure();
    }
    if (job) {
      const now = Date.now();
      if (outcome.ok) {
        if (outcome.historyComplete)
          this.store.setCursor(`${TRANSACTIONS_STREAM}:complete`, "true", now);
        // the interval as it is now: a PATCH during the run counts
        const interval = this.store.account()?.syncIntervalMs ?? account.syncIntervalMs;
        this.store.saveJob(
          afterSuccess(
            job,
            now,
            quietInterval(interval, this.quietRuns(account, outcome, now)),
            outcome.historyComplete,
            outcome.resumeAfterMs,
          ),
        );
      } else {
        this.store.saveJob(afterFailure(job, now, outcome.error, Math.random()));
      }
      // deactivated while it ran: it stays unscheduled
      const settledJob = this.store.job(SYNC_JOB);
      if (settledJob && this.store.account()?.active === false)
        this.store.saveJob({ ...settledJob, nextRunAt: null });
      const after = this.store.job(SYNC_JOB);
      if (this.rerun && after?.state === "scheduled" && after.nextRunAt !== null)
        this.store.saveJob({ ...after, nextRunAt: Math.min(after.nextRunAt, now) });
      this.rerun = false;
    }
    const after = Date.now();
    const settled = syncStatus(this.store.job(SYNC_JOB), false, this.historyComplete());
    if (
      settled.state !== settledBefore.state ||
      settled.historyComplete !== settledBefore.historyComplete
    ) {
      // the owner's webhooks hear of a change of state (caught up, backing off, needing a
      // person), not of every run
      this.store.outbox.append("event", syncStateEvent(account.id, settled, after), after);
      this.outbox.kick();
    }
    const balancesMoved = this.store.balances.snapshot().version !== versionBefore;
    if (balancesMoved && this.store.account()) {
      // what the platform moved (a deposit, a trade made elsewhere) reaches the webhooks too,
      // with an id per version, so it is delivered once
      this.store.outbox.append("event", this.balancesEvent(account, after), after);
      this.outbox.kick();
    }
    this.publish(() => {
      const events: AccountEvent[] = [];
      if (balancesMoved) events.push(this.balancesEvent(account, after));
      // the run is over: the state as it reads once this promise settles
      events.push(syncStateEvent(account.id, settled, after));
      return events;
    });
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

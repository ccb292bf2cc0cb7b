/// <reference path="../worker-configuration.d.ts" />
import { DurableObject } from "cloudflare:workers";
import { createDb } from "@portfolio/db";
import { freshness, streamState, viewAccount } from "./account/account-state.js";
import { adapterFor } from "./account/adapter-slot.js";
import { backfillOf } from "./account/backfill-view.js";
import { answerTradeCheck } from "./account/check-trade.js";
import { activeHolds, holdFunds, releaseHold } from "./account/holds.js";
import { asJsonText } from "./account/json-text.js";
import { recordTransaction } from "./account/record-transaction.js";
import { registerAccount } from "./account/register.js";
import { removeAccount } from "./account/remove-account.js";
import type { ReserveOutcome } from "./account/reservations.js";
import { changeActive, inactiveRefusal } from "./account/set-active.js";
import { patchAccount } from "./account/update-account.js";
import { valuationOf } from "./account/valuation.js";
import { balancesView } from "./account/views.js";
import { voidTransaction } from "./account/void-transaction.js";
import { wireAccount } from "./account/wire-account.js";
import type { AccountWiring } from "./account/wiring.js";
import type { LiveConnection } from "./live/live-connection.js";
import {
  type AccountPatch,
  type AccountView,
  type BalancesView,
  type DeleteOptions,
  NOT_REGISTERED,
  type RecordedTransaction,
  type RegisterInput,
  type ReservationInput,
  type ReservationView,
  type RpcResult,
  type TradeCheckInput,
  type TradeCheckView,
  type ValuationInput,
  type VoidedTransaction,
} from "./rpc-types.js";
import { onAlarm } from "./schedule/alarm.js";
import { nextAlarm } from "./schedule/next-alarm.js";
import { intervalFromEnv } from "./schedule/sync-interval.js";
import { syncOnHint } from "./schedule/sync-soon.js";
import type { AccountRecord, AccountStore } from "./storage/account-store.js";
import type { StreamHub } from "./stream/stream-hub.js";
import { syncOnce } from "./sync/scheduled-sync.js";

/**
 * One account: its platform adapter, balances, cursors and alarm schedule. The class only wires
 * storage, env and the clock to the plain functions that do the work. Balance reads, trade
 * checks, holds and fills are answered from the object's own storage (mostly its memory): they
 * never wait on a sync, on the platform or on D1.
 */
export class AccountDO extends DurableObject<SyncEnv> {
  private readonly store: AccountStore;
  private readonly stream: StreamHub;
  /** the platform's push feed of this account (Binance's user data stream), when it has one */
  private readonly live: LiveConnection;
  /** what the plain functions that do the work are handed (see account/wiring.ts) */
  private readonly wiring: AccountWiring;
  /** the alarm as last set by this instance (undefined: not known yet) */
  private armedAt: number | null | undefined;
  /** changes of the account itself (update, activation, deletion) run one after another */
  private admin: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: SyncEnv) {
    super(ctx, env);
    const parts = wireAccount(ctx, env, {
      rearm: () => this.rearm(),
      forgetAlarm: () => {
        this.armedAt = null;
      },
    });
    this.store = parts.store;
    this.stream = parts.stream;
    this.live = parts.live;
    this.wiring = parts.wiring;
    ctx.blockConcurrencyWhile(async () => {
      await this.store.open();
      this.armedAt = await ctx.storage.getAlarm();
      // history an earlier instance owed D1 goes now, not at the next alarm
      if (this.store.registered && this.store.outbox.pending() > 0) parts.outbox.kick();
      // an object that wakes (after an eviction, a deploy) opens its account's feed again
      if (this.store.account()?.active) void this.live.ensure();
    });
  }

  /** The account, if it exists and belongs to `owner`; another owner's account does not exist for them. */
  private owned(owner: string): AccountRecord | null {
    if (this.wiring.memory.closing) return null;
    const account = this.store.account();
    return account && account.owner === owner ? account : null;
  }

  private view(account: AccountRecord): AccountView {
    return viewAccount(this.wiring, account);
  }

  /** Sets the alarm to the earliest due job (see schedule/next-alarm.ts), only when that moved. */
  private async rearm(): Promise<void> {
    const next = nextAlarm(this.store, this.live, () => Date.now());
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

  // stream: begin (the WebSocket subscription; see stream/stream-hub.ts)
  /**
   * A bot's subscription, handed over by the API (RPC cannot carry a WebSocket): the owner the
   * API named must own the account; the first message is the state the events then change.
   */
  override async fetch(request: Request): Promise<Response> {
    return this.stream.subscribe(request, (owner) => {
      const account = this.owned(owner);
      return account ? streamState(this.wiring, account) : null;
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
        credentialsKey: this.wiring.credentialsKey,
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
    if (!account) return NOT_REGISTERED;
    return {
      ok: true,
      value: { ...this.view(account), backfill: await backfillOf(this.wiring, account) },
    };
  }

  // management: begin (changes of the account itself, one at a time)
  /** Changes name, metadata, sync interval, the config fields that may change, or the credentials. */
  async update(owner: string, patch: AccountPatch): Promise<RpcResult<AccountView>> {
    return this.serial(async () => {
      const account = this.owned(owner);
      if (!account) return NOT_REGISTERED;
      return patchAccount(this.wiring, account, patch);
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
      return changeActive(this.wiring, account, active);
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
      return removeAccount(this.wiring, account, opts);
    });
  }
  // management: end

  async balances(owner: string): Promise<RpcResult<BalancesView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    const now = Date.now();
    return {
      ok: true,
      value: balancesView(account, this.store, freshness(this.wiring, account, now), now),
    };
  }

  /** {@link balances} as JSON text, with the version the API's ETag names (account/json-text.ts). */
  async balancesJson(owner: string) {
    return asJsonText(await this.balances(owner), (v) => ({ version: v.version }));
  }

  async valuation(owner: string): Promise<RpcResult<ValuationInput>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return { ok: true, value: valuationOf(this.wiring, account) };
  }

  async checkTrade(owner: string, input: TradeCheckInput): Promise<RpcResult<TradeCheckView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    if (!account.active) return inactiveRefusal(account.id, "trade checks");
    const adapter = await adapterFor(this.wiring, account);
    return { ok: true, value: answerTradeCheck(this.wiring, adapter, account, input) };
  }

  /** {@link checkTrade}'s verdict as JSON text (account/json-text.ts). */
  async checkTradeJson(owner: string, input: TradeCheckInput) {
    return asJsonText(await this.checkTrade(owner, input), () => ({}));
  }

  async recordTransaction(owner: string, input: unknown): Promise<RpcResult<RecordedTransaction>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return recordTransaction(this.wiring, account, input);
  }

  /**
   * Takes back a fill a bot recorded (see account/void-fill.ts); a row the platform's own
   * history holds is a conflict, a txId nobody knows is not found.
   */
  async voidTransaction(owner: string, txId: string): Promise<RpcResult<VoidedTransaction>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return voidTransaction(this.wiring, account, txId);
  }

  async reserve(owner: string, input: ReservationInput): Promise<RpcResult<ReserveOutcome>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return holdFunds(this.wiring, account, input);
  }

  async listReservations(owner: string): Promise<RpcResult<ReservationView[]>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return { ok: true, value: activeHolds(this.wiring, account) };
  }

  async release(owner: string, reservationId: string): Promise<RpcResult<{ released: true }>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    return releaseHold(this.wiring, account, reservationId);
  }

  /** Runs a sync now, or joins the one already running, and answers the account's status after it. */
  async requestSync(owner: string): Promise<RpcResult<AccountView>> {
    const account = this.owned(owner);
    if (!account) return NOT_REGISTERED;
    if (!account.active) return inactiveRefusal(account.id, "syncs");
    await syncOnce(this.wiring, account);
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
    if (!account?.active || this.wiring.memory.closing) return NOT_REGISTERED;
    return { ok: true, value: { scheduled: await syncOnHint(this.wiring, eventId) } };
  }

  override async alarm(): Promise<void> {
    this.armedAt = null;
    await onAlarm(this.wiring);
  }
}

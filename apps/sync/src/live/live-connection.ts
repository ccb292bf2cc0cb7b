import type { AdapterError, LiveFeed, LiveUpdate } from "@portfolio/adapters";
import { backoffDelay, isoTimeOrNull } from "@portfolio/core";

/** How the account's push feed stands; see {@link LiveConnection.view}. */
export interface LiveView {
  /** off: the account does not hold one; connecting; open; down: waiting to reconnect */
  state: "off" | "connecting" | "open" | "down";
  /** when the current subscription opened */
  openSince: string | null;
  /** balances are live (the subscription is open and the sync after it filled any gap) */
  live: boolean;
  lastEventAt: string | null;
  /** connections opened after the first, by drops, the platform ending them, or rollovers */
  reconnects: number;
  /** when the next attempt is due, while down */
  retryAt: string | null;
  lastError: { kind: string; message: string; at: string } | null;
}

export interface LiveHooks {
  /** the feed to hold, or null when the account holds none (off, no key, another platform) */
  feed(): Promise<LiveFeed | null>;
  /** applies one message's updates; awaited before the next message is read */
  apply(updates: LiveUpdate[]): Promise<void>;
  /** events may have been missed (a new subscription, a drop): a sync reads what they were */
  gap(): void;
  /** the time returned by {@link LiveConnection.wakeAt} moved: the host's alarm must follow */
  rearm(): void;
  fetch: typeof fetch;
  now(): number;
  random(): number;
}

/** reconnect backoff: 1 s doubling to 5 min, with jitter; a platform's Retry-After is a floor */
const RECONNECT = { baseMs: 1_000, maxMs: 5 * 60_000 };
/** the next connection opens this long before the platform's limit ends the current one */
const ROLLOVER_LEAD_MS = 10 * 60_000;

/**
 * The account object's end of a platform's push feed: one WebSocket opened with a fetch
 * upgrade, the feed's subscription sent on it, every message handed to the feed and applied one
 * at a time in arrival order. A drop or refusal reconnects with backoff; a subscription that
 * opens after one that was lost (or the first of this object's life) reports a gap, so a sync
 * reads what the stream may have missed; the feed counts as live only once that sync is done.
 * Before the platform's connection limit the next connection is opened and subscribed, then the
 * old one closed: the overlap delivers some events twice, which the feed and storage absorb
 * (positions carry their update time, fills their trade id). Waits (a reconnect's backoff, the
 * rollover) are not timers but times the host's alarm comes back for ({@link wakeAt},
 * {@link tick}): they survive an eviction, and an object with nothing open can be evicted.
 */
export class LiveConnection {
  private ws: WebSocket | null = null;
  private state: LiveView["state"] = "off";
  private openSince: number | null = null;
  /** a sync that started at or after this time (the subscription) makes the feed live */
  private gapSince: number | null = null;
  private liveSince: number | null = null;
  private lastEventAt: number | null = null;
  private reconnects = 0;
  private opened = 0;
  private attempts = 0;
  private retryAt: number | null = null;
  private lastError: LiveView["lastError"] = null;
  /** when the next connection is due: a reconnect while down, the rollover while open */
  private rolloverAt: number | null = null;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  /** a rollover's new socket, until its subscription opens */
  private pending: WebSocket | null = null;

  constructor(private readonly hooks: LiveHooks) {}

  /**
   * Opens the feed unless it is open, opening, or waiting out a backoff. The promise settles
   * once the connection is asked for (or the account turns out to hold none), not when the
   * subscription opens.
   */
  ensure(): Promise<void> {
    this.stopped = false;
    if (this.state === "open" || this.state === "connecting") return Promise.resolve();
    if (this.retryAt !== null && this.retryAt > this.hooks.now()) return Promise.resolve();
    this.retryAt = null;
    return this.connect(false);
  }

  /** When the host's alarm must come back for the feed (a reconnect, the rollover), or null. */
  wakeAt(): number | null {
    if (this.stopped) return null;
    return this.state === "open" ? this.rolloverAt : this.retryAt;
  }

  /** The host's alarm came: a reconnect or a rollover that is due starts. */
  tick(now: number): void {
    if (this.stopped) return;
    if (this.state === "open" && this.rolloverAt !== null && now >= this.rolloverAt) {
      this.rolloverAt = null;
      void this.connect(true);
    } else if (this.state !== "open") void this.ensure();
  }

  /** Closes the feed (the account was deactivated, deleted, or its config changed). */
  stop(): void {
    this.stopped = true;
    this.rolloverAt = null;
    for (const ws of [this.ws, this.pending]) ws?.close(1000, "account stopped");
    this.ws = null;
    this.pending = null;
    this.state = "off";
    this.openSince = null;
    this.gapSince = null;
    this.liveSince = null;
    this.retryAt = null;
  }

  /** A sync that started at `startedAt` succeeded: if it began after the subscription, no gap is left. */
  synced(startedAt: number): void {
    if (this.state === "open" && this.gapSince !== null && startedAt >= this.gapSince) {
      this.liveSince = this.gapSince;
      this.gapSince = null;
    }
  }

  /** true while balances follow the stream (open, and the gap before it filled) */
  isLive(): boolean {
    return this.state === "open" && this.liveSince !== null;
  }

  view(): LiveView {
    return {
      state: this.state,
      openSince: isoTimeOrNull(this.openSince),
      live: this.isLive(),
      lastEventAt: isoTimeOrNull(this.lastEventAt),
      reconnects: this.reconnects,
      retryAt: isoTimeOrNull(this.retryAt),
      lastError: this.lastError,
    };
  }

  private async connect(rollover: boolean): Promise<void> {
    if (!rollover) this.state = "connecting";
    const feed = await this.hooks.feed().catch(() => null);
    if (this.stopped) return;
    if (!feed) {
      if (!rollover) this.state = "off";
      return;
    }
    const subscribe = await feed.subscribe();
    if (this.stopped) return;
    if (!subscribe.ok) return this.failed(subscribe.error, rollover);
    let ws: WebSocket | null;
    try {
      const res = await this.hooks.fetch(feed.url, { headers: { Upgrade: "websocket" } });
      ws = res.webSocket;
      if (!ws) {
        await res.body?.cancel();
        return this.failed(
          { kind: "unavailable", retryable: true, message: `no WebSocket: HTTP ${res.status}` },
          rollover,
        );
      }
    } catch (cause) {
      return this.failed(
        { kind: "unavailable", retryable: true, message: `WebSocket failed: ${String(cause)}` },
        rollover,
      );
    }
    if (this.stopped) {
      ws.accept();
      ws.close(1000, "account stopped");
      return;
    }
    ws.accept();
    const socket = ws;
    if (rollover) this.pending = socket;
    else this.ws = socket;
    socket.addEventListener("message", (ev) => {
      const data = typeof ev.data === "string" ? ev.data : new TextDecoder().decode(ev.data);
      this.queue = this.queue
        .then(() => feed.read(data))
        .then((updates) => this.handle(socket, feed, updates))
        .catch((cause: unknown) => {
          // the message could not be applied (D1 down): a sync reads what it held
          console.error(JSON.stringify({ event: "live_apply_failed", error: String(cause) }));
          this.hooks.gap();
        });
    });
    const lost = (why: string) => () => this.lost(socket, why);
    socket.addEventListener("close", lost("the connection closed"));
    socket.addEventListener("error", lost("the connection failed"));
    socket.send(subscribe.value);
  }

  private async handle(socket: WebSocket, feed: LiveFeed, updates: LiveUpdate[]): Promise<void> {
    if (socket !== this.ws && socket !== this.pending) return;
    const rest: LiveUpdate[] = [];
    for (const u of updates) {
      if (u.type === "subscribed") this.subscribed(socket, feed);
      else if (u.type === "refused") {
        socket.close(1000, "refused");
        this.failed(u.error, socket === this.pending);
        return;
      } else if (u.type === "ended") {
        // the platform ended the subscription: events after this are not sent, reconnect
        this.lost(socket, u.reason);
        return;
      } else rest.push(u);
    }
    if (rest.length === 0) return;
    this.lastEventAt = this.hooks.now();
    await this.hooks.apply(rest);
  }

  private subscribed(socket: WebSocket, feed: LiveFeed): void {
    const now = this.hooks.now();
    const rolled = socket === this.pending;
    if (rolled) {
      // the new subscription overlaps the old one: nothing was missed, the old one closes
      const old = this.ws;
      this.ws = socket;
      this.pending = null;
      old?.close(1000, "rolled over");
    } else {
      this.state = "open";
      this.gapSince = now;
      this.liveSince = null;
      this.hooks.gap();
    }
    if (this.opened++ > 0) this.reconnects++;
    this.openSince = now;
    this.attempts = 0;
    this.retryAt = null;
    this.rolloverAt = now + Math.max(1_000, feed.lifetimeMs - ROLLOVER_LEAD_MS);
    this.hooks.rearm();
  }

  private lost(socket: WebSocket, why: string): void {
    if (socket === this.pending) {
      this.pending = null;
      return;
    }
    if (socket !== this.ws || this.stopped) return;
    this.ws = null;
    this.failed({ kind: "unavailable", retryable: true, message: why }, false);
  }

  /** The feed is down (or a rollover failed): try again after a backoff. */
  private failed(error: AdapterError, rollover: boolean): void {
    const now = this.hooks.now();
    this.lastError = { kind: error.kind, message: error.message, at: new Date(now).toISOString() };
    if (rollover) {
      // the current connection still serves: try the rollover again in a minute
      this.pending = null;
      this.rolloverAt = now + 60_000;
      this.hooks.rearm();
      return;
    }
    this.ws?.close(1000, "replaced");
    this.ws = null;
    this.state = "down";
    this.openSince = null;
    this.gapSince = null;
    this.liveSince = null;
    this.rolloverAt = null;
    // a key the platform refuses waits for the next sync to call ensure() again
    if (error.kind === "auth") {
      this.retryAt = null;
      return;
    }
    this.attempts++;
    const wait = backoffDelay(
      this.attempts,
      this.hooks.random(),
      RECONNECT,
      error.retryAfterMs ?? 0,
    );
    this.retryAt = now + wait;
    this.hooks.rearm();
  }
}

import { backoffDelay } from "@portfolio/core";
import type { AccountStore, JobRecord } from "../storage/account-store.js";
import { drainOutbox, OUTBOX_JOB, type OutboxSinks } from "./drain-outbox.js";

function outboxJob(nextRunAt: number | null, attempts = 0): JobRecord {
  return {
    name: OUTBOX_JOB,
    nextRunAt,
    attempts,
    lastRunAt: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    state: attempts === 0 ? "scheduled" : "backoff",
  };
}

/**
 * Sends the outbox to D1 and the owner's webhooks behind the answers: one sender at a time, which keeps going while new
 * entries arrive (so they go in batches under load), and backs off when D1 fails. The object's
 * alarm is the backstop: an eviction half way only delays the rest (see AccountDO.rearm).
 */
export class OutboxDriver {
  private running: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly store: AccountStore,
    private readonly sinks: () => OutboxSinks,
    private readonly rearm: () => Promise<void>,
    private readonly waitUntil: (p: Promise<unknown>) => void,
  ) {}

  /** Something was queued: send it now, without the caller waiting (unless D1 is backed off). */
  kick(): void {
    if (this.store.job(OUTBOX_JOB)?.state === "backoff") return;
    // the alarm comes back for it if this instance is evicted before it is sent (a write only
    // when no alarm is due within the backstop, as on an account whose syncs are stopped)
    this.waitUntil(this.rearm());
    this.dirty = true;
    this.running ??= this.loop();
    this.waitUntil(this.running);
  }

  /** From the alarm: send whatever is queued, unless a backoff says not yet. */
  async runIfDue(now: number): Promise<void> {
    const job = this.store.job(OUTBOX_JOB);
    if (job?.nextRunAt != null && job.nextRunAt > now) return;
    if (this.store.outbox.pending() === 0) return;
    this.dirty = true;
    this.running ??= this.loop();
    await this.running;
  }

  /** Waits until no send is under way (whatever its outcome). */
  async settle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /**
   * Sends everything queued now, a backoff notwithstanding, and waits for it: before the
   * account's storage goes, what it owes D1 gets there. Throws what D1 or the webhooks threw.
   */
  async flush(): Promise<void> {
    await this.settle();
    const accountId = this.store.account()?.id;
    if (accountId && this.store.outbox.pending() > 0)
      await drainOutbox(this.store, this.sinks(), accountId);
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const accountId = this.store.account()?.id;
        if (!accountId) return;
        try {
          await drainOutbox(this.store, this.sinks(), accountId);
        } catch (cause) {
          const attempts = (this.store.job(OUTBOX_JOB)?.attempts ?? 0) + 1;
          const retryAt = Date.now() + backoffDelay(attempts, Math.random());
          this.store.saveJob({
            ...outboxJob(retryAt, attempts),
            lastErrorAt: Date.now(),
            lastError: { kind: "unavailable", message: String(cause), retryable: true },
          });
          console.error(JSON.stringify({ event: "outbox_failed", accountId, attempts }));
          return;
        }
      }
      const job = this.store.job(OUTBOX_JOB);
      if (job && (job.nextRunAt !== null || job.attempts > 0)) this.store.saveJob(outboxJob(null));
    } finally {
      this.running = null;
      await this.rearm();
    }
  }
}

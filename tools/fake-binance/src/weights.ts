/** Binance's rate-limit bookkeeping: fixed windows per limit, 429 past a limit, 418 for persisting. */
export interface Limits {
  /** REQUEST_WEIGHT per window for /api/* (IP) */
  requestWeight: number;
  /** per-window IP weight for /sapi/* endpoints limited by IP */
  sapiIpWeight: number;
  /** per-window UID weight for /sapi/* endpoints limited by account */
  sapiUidWeight: number;
  /** REQUEST_WEIGHT per window of the USDⓈ-M futures API (fapi.binance.com), 2400 */
  futuresWeight: number;
  /** window length; Binance's are 1 minute, starting on the minute */
  windowMs: number;
  /** how long an IP stays banned (418) once it kept going after 429s */
  banMs: number;
  /** requests tolerated after a 429 in the same window before the ban */
  graceAfter429: number;
}

export const BINANCE_LIMITS: Limits = {
  requestWeight: 6000,
  sapiIpWeight: 12000,
  sapiUidWeight: 180000,
  futuresWeight: 2400,
  windowMs: 60_000,
  banMs: 120_000,
  graceAfter429: 3,
};

export type Bucket = "api" | "sapiIp" | "sapiUid" | "fapi";

export const headerFor: Record<Bucket, string> = {
  api: "X-MBX-USED-WEIGHT-1M",
  sapiIp: "X-SAPI-USED-IP-WEIGHT-1M",
  sapiUid: "X-SAPI-USED-UID-WEIGHT-1M",
  fapi: "X-MBX-USED-WEIGHT-1M",
};

export type Verdict =
  | { ok: true; used: number }
  | { ok: false; status: 429 | 418; retryAfterSec: number; used: number; bannedUntil?: number };

export class WeightBook {
  private windowStart = 0;
  private used: Record<Bucket, number> = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
  private after429 = 0;
  bannedUntil = 0;
  /** totals since the last reset, for benchmarks */
  spent: Record<Bucket, number> = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };

  limits: Limits;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.limits.windowMs) * this.limits.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
      this.after429 = 0;
    }
  }

  current(bucket: Bucket, now: number): number {
    this.roll(now);
    return this.used[bucket];
  }

  /** Counts a request's weight and says whether it may proceed. */
  charge(bucket: Bucket, weight: number, now: number): Verdict {
    this.roll(now);
    if (this.bannedUntil > now) {
      return {
        ok: false,
        status: 418,
        retryAfterSec: Math.ceil((this.bannedUntil - now) / 1000),
        used: this.used[bucket],
        bannedUntil: this.bannedUntil,
      };
    }
    this.used[bucket] += weight;
    this.spent[bucket] += weight;
    const limit = {
      api: this.limits.requestWeight,
      sapiIp: this.limits.sapiIpWeight,
      sapiUid: this.limits.sapiUidWeight,
      fapi: this.limits.futuresWeight,
    }[bucket];
    if (this.used[bucket] <= limit) return { ok: true, used: this.used[bucket] };
    this.after429++;
    if (this.after429 > this.limits.graceAfter429) {
      this.bannedUntil = now + this.limits.banMs;
      return {
        ok: false,
        status: 418,
        retryAfterSec: Math.ceil(this.limits.banMs / 1000),
        used: this.used[bucket],
        bannedUntil: this.bannedUntil,
      };
    }
    const windowEnd = this.windowStart + this.limits.windowMs;
    return {
      ok: false,
      status: 429,
      retryAfterSec: Math.max(0, Math.ceil((windowEnd - now) / 1000)),
      used: this.used[bucket],
    };
  }

  newWindow(): void {
    this.used = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
    this.after429 = 0;
  }

  /** Weight used by someone else on the same IP (another bot), for tests. */
  consume(bucket: Bucket, weight: number, now: number): void {
    this.roll(now);
    this.used[bucket] += weight;
  }
}

/**
 * A steady spending rate for a weight budget (a token bucket): `perMinute` weight a minute on
 * average, up to `burst` at once. `take(weight)` books the weight and says how long to wait
 * before sending (0 while the bucket has it), so a long run (a history rebuild) spends its
 * weight spread out, never more than its share of any minute, while a short question is sent
 * at once.
 */
export class SteadyRate {
  /** when the bucket is empty again: weight booked beyond the burst is paid for in time */
  private emptyAt = 0;

  constructor(
    private perMinute: number,
    private readonly burst: number,
  ) {}

  /** a new average rate (the platform announced its limit), from the next `take` on */
  setRate(perMinute: number): void {
    if (perMinute > 0) this.perMinute = perMinute;
  }

  take(weight: number, now: number): number {
    const msPerWeight = 60_000 / this.perMinute;
    const start = Math.max(this.emptyAt, now);
    this.emptyAt = start + weight * msPerWeight;
    // what is booked beyond the burst waits until the bucket has drained down to it
    return Math.max(0, this.emptyAt - now - this.burst * msPerWeight);
  }
}

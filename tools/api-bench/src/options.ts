/** How long each measurement runs, and the bounds that make every loop of the bench end. */
export interface BenchOptions {
  quick: boolean;
  /** concurrency levels every scenario runs at */
  concurrencies: number[];
  /** measured time per scenario and concurrency, for ours and for the floor alike */
  measureMs: number;
  /** the measured time is split into this many rounds, ours and the floors alternating */
  rounds: number;
  /** unmeasured load before each round's slice, after another operation had the machine */
  resumeMs: number;
  /** unmeasured traffic before each measurement (connections, JIT, the objects' first load) */
  warmupMs: number;
  /** a measurement also stops after this many operations */
  maxOps: number;
  /** how long trade checks run beside the heavy initial sync */
  heavySyncMs: number;
  /** a request taking longer than this fails the run (the heavy-sync phase counts it instead) */
  requestTimeoutMs: number;
  /** the whole bench is stopped after this long, whatever it is doing */
  overallLimitMs: number;
}

/** Quick mode: `BENCH_QUICK=1` or `--quick`, a couple of seconds per scenario for smoke tests. */
export function benchOptions(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const quick = env.BENCH_QUICK === "1" || argv.includes("--quick");
  return quick
    ? {
        quick,
        concurrencies: [1, 16],
        measureMs: 2_000,
        rounds: 2,
        resumeMs: 100,
        warmupMs: 300,
        maxOps: 50_000,
        heavySyncMs: 5_000,
        requestTimeoutMs: 30_000,
        overallLimitMs: 5 * 60_000,
      }
    : {
        quick,
        concurrencies: [1, 16],
        measureMs: 10_000,
        rounds: 5,
        resumeMs: 250,
        warmupMs: 1_500,
        maxOps: 500_000,
        heavySyncMs: 20_000,
        requestTimeoutMs: 30_000,
        overallLimitMs: 20 * 60_000,
      };
}

/** Profile mode: `BENCH_PROFILE=1` (or `--profile`); null when it is off. */
export interface ProfileOptions {
  /** the V8 sampling interval asked for, µs (`BENCH_PROFILE_INTERVAL_US`, default 100) */
  intervalUs: number;
}

export function profileOptions(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): ProfileOptions | null {
  if (env.BENCH_PROFILE !== "1" && !argv.includes("--profile")) return null;
  const intervalUs = Number(env.BENCH_PROFILE_INTERVAL_US ?? 100);
  if (!Number.isInteger(intervalUs) || intervalUs < 10 || intervalUs > 100_000)
    throw new Error("BENCH_PROFILE_INTERVAL_US must be a whole number of µs from 10 to 100000");
  return { intervalUs };
}

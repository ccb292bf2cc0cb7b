// Trade checks on an account while its initial sync runs: a simulated account with two years of
// history at one step a minute, checked at concurrency 1 until its initial sync is over or the
// time limit, with the account's sync state polled beside the checks.
import {
  daysAgo,
  describeAccount,
  initialSyncDone,
  registerSimulated,
  type SyncView,
} from "./accounts.ts";
import { BenchFailure, HttpTarget } from "./http.ts";
import { type Latency, percentiles } from "./load.ts";
import { processCpuMs } from "./process-cpu.ts";

/** after the limit, a request still in flight gets this long before it is aborted and counted */
const GRACE_MS = 30_000;
const POLL_EVERY_MS = 250;
const MAX_CHECKS = 200_000;

/** One status poll: when it was sent and answered (performance.now()), what it said. */
interface Observation {
  sent: number;
  at: number;
  state: SyncView["state"];
  /** the end of the account's last sync run, on the same clock */
  lastRunEnd: number | null;
}

interface Check {
  start: number;
  end: number;
  ok: boolean | null;
  timedOut: boolean;
  /** the violation codes of a refused check */
  codes: string[];
}

/**
 * The account's sync state during a check. "syncing" if a sync run was going on at some point
 * while the check was in flight: a status poll that overlapped the check in time (sent before
 * it ended, answered after it began), or the last one answered before it began, said
 * "syncing", or a sync run ended while the check waited (the object may answer nothing, polls
 * included, until a run is over, so "syncing" is then never seen from outside). Otherwise the
 * state the latest of those polls said.
 */
function stateDuring(check: Check, seen: Observation[]): SyncView["state"] {
  const before = seen.findLast((o) => o.at <= check.start);
  const overlapping = seen.filter((o) => o.sent < check.end && o.at > check.start);
  const states = [...(before ? [before] : []), ...overlapping].map((o) => o.state);
  const runEnded = seen.some(
    (o) => o.lastRunEnd !== null && o.lastRunEnd > check.start && o.lastRunEnd <= check.end,
  );
  return runEnded || states.includes("syncing") ? "syncing" : (states.at(-1) ?? "pending");
}

/** an ISO time from the workers, on this process's performance.now() clock */
const onPerfClock = (iso: string | null) =>
  iso === null ? null : Date.parse(iso) - performance.timeOrigin;

export interface HeavySyncResult {
  accountId: string;
  config: Record<string, unknown>;
  limitMs: number;
  elapsedMs: number;
  initialSyncFinished: boolean;
  initialSyncMs: number | null;
  checks: number;
  checksPassed: number;
  checksRefused: number;
  checksTimedOut: number;
  checksByState: Record<string, number>;
  /** why refused checks were refused: violation code → checks */
  refusalCodes: Record<string, number>;
  checksWhileSyncing: number;
  /** checks that began before the initial sync was seen finished (all of them if it never was) */
  checksBeforeInitialSyncDone: number;
  latencyMs: Latency | null;
  latencyWhileSyncingMs: Latency | null;
  /** sync runs seen finished during the phase (an initial sync is many runs of up to 20 pages) */
  syncRunsEnded: number;
  polls: number;
  pollLatencyMaxMs: number;
  transactionsInD1: number | null;
  workerdCpuMs: number;
  workerdCoresBusy: number;
}

const latencyOf = (checks: Check[]) =>
  checks.length ? percentiles(Float64Array.from(checks.map((c) => c.end - c.start))) : null;

export async function tradeCheckDuringHeavySync(opts: {
  apiUrl: URL;
  token: string;
  limitMs: number;
  workerdPids: readonly number[];
  countTransactions: (accountId: string) => Promise<number | null>;
}): Promise<HeavySyncResult> {
  const timeout = opts.limitMs + GRACE_MS;
  const control = new HttpTarget(opts.apiUrl, 1, opts.token, timeout);
  const checker = new HttpTarget(opts.apiUrl, 1, opts.token, timeout);
  const config = { seed: "bench-heavy", start: daysAgo(730), stepSeconds: 60 };
  const cpu0 = processCpuMs(opts.workerdPids);
  const registered = await registerSimulated(control, "api-bench heavy sync", config);
  const id = registered.id;
  const t0 = performance.now();
  const deadline = t0 + opts.limitMs;
  const abort = new AbortController();
  const guard = setTimeout(() => abort.abort(), timeout);
  const seen: Observation[] = [
    {
      sent: t0,
      at: t0,
      state: registered.sync.state,
      lastRunEnd: onPerfClock(registered.sync.lastRunAt),
    },
  ];
  const pollMs: number[] = [];
  let doneAt: number | null = null;
  const going = () => doneAt === null && performance.now() < deadline && !abort.signal.aborted;

  const poll = async () => {
    while (going()) {
      const asked = performance.now();
      let view: Awaited<ReturnType<typeof describeAccount>>;
      try {
        view = await describeAccount(control, id, abort.signal);
      } catch (err) {
        if (abort.signal.aborted) return;
        throw err;
      }
      const at = performance.now();
      pollMs.push(at - asked);
      seen.push({
        sent: asked,
        at,
        state: view.sync.state,
        lastRunEnd: onPerfClock(view.sync.lastRunAt),
      });
      if (initialSyncDone(view.sync)) doneAt = at;
      else if (view.sync.state === "backoff" || view.sync.state === "needs_attention")
        throw new BenchFailure(`the heavy account's sync failed: ${JSON.stringify(view.sync)}`);
      await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
    }
  };

  const checks: Check[] = [];
  const check = async () => {
    while (going() && checks.length < MAX_CHECKS) {
      const start = performance.now();
      try {
        const r = await checker.json<{ ok: boolean; violations: { code: string }[] }>({
          method: "POST",
          path: "/v1/trades/check",
          body: {
            accountId: id,
            side: "buy",
            base: "BTC",
            quote: "USDT",
            quantity: "0.0001",
            price: "60000",
          },
          signal: abort.signal,
        });
        const codes = r.violations.map((v) => v.code);
        checks.push({ start, end: performance.now(), ok: r.ok, timedOut: false, codes });
      } catch (err) {
        if (!abort.signal.aborted) throw err;
        checks.push({ start, end: performance.now(), ok: null, timedOut: true, codes: [] });
        return;
      }
    }
  };

  try {
    await Promise.all([poll(), check()]);
  } finally {
    clearTimeout(guard);
    await Promise.all([control.close(), checker.close()]);
  }
  const elapsedMs = performance.now() - t0;
  const workerdCpuMs = processCpuMs(opts.workerdPids) - cpu0;
  const refusalCodes: Record<string, number> = {};
  for (const c of checks)
    for (const code of new Set(c.codes)) refusalCodes[code] = (refusalCodes[code] ?? 0) + 1;
  const byState: Record<string, number> = {};
  const syncing: Check[] = [];
  for (const c of checks) {
    const state = stateDuring(c, seen);
    byState[state] = (byState[state] ?? 0) + 1;
    if (state === "syncing") syncing.push(c);
  }
  return {
    accountId: id,
    config,
    limitMs: opts.limitMs,
    elapsedMs,
    initialSyncFinished: doneAt !== null,
    initialSyncMs: doneAt === null ? null : doneAt - t0,
    checks: checks.length,
    checksPassed: checks.filter((c) => c.ok === true).length,
    checksRefused: checks.filter((c) => c.ok === false).length,
    checksTimedOut: checks.filter((c) => c.timedOut).length,
    checksByState: byState,
    refusalCodes,
    checksWhileSyncing: syncing.length,
    checksBeforeInitialSyncDone: checks.filter((c) => doneAt === null || c.start < doneAt).length,
    latencyMs: latencyOf(checks),
    latencyWhileSyncingMs: latencyOf(syncing),
    syncRunsEnded: new Set(seen.flatMap((o) => (o.lastRunEnd === null ? [] : [o.lastRunEnd]))).size,
    polls: pollMs.length,
    pollLatencyMaxMs: pollMs.length ? Math.max(...pollMs) : 0,
    transactionsInD1: await opts.countTransactions(id),
    workerdCpuMs,
    workerdCoresBusy: workerdCpuMs / elapsedMs,
  };
}

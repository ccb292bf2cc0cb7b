// `pnpm --filter @portfolio/api-bench bench`: the bot-facing API on plain workerd beside the
// runtime's floor. `BENCH_QUICK=1` (or `--quick`) runs each measurement for a couple of seconds.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { type FakeBinance, startFakeBinance } from "@portfolio/fake-binance";
import { daysAgo, registerSimulated, waitForInitialSync } from "./accounts.ts";
import { tradeCheckDuringHeavySync } from "./heavy-sync.ts";
import { HttpTarget } from "./http.ts";
import { measureInterleaved } from "./interleave.ts";
import { type StreamLatency, streamLatency, streamSummary } from "./live-stream.ts";
import { type LoadResult, type Operation, runLoad } from "./load.ts";
import { benchOptions, type ProfileOptions, profileOptions } from "./options.ts";
import { cpuTickMs, findWorkerdPids } from "./process-cpu.ts";
import { type CpuProfile, IsolateProfiler } from "./profile.ts";
import {
  analyzePhase,
  comparisonTable,
  type PhaseProfile,
  PROFILE_CAVEAT,
  phaseSummary,
  SourceMaps,
} from "./profile-report.ts";
import { heavySyncSummary, type Row, table, writeJson } from "./report.ts";
import {
  BENCH_RATE_LIMIT,
  FLOOR_CALLER,
  FLOOR_WORKER,
  type Runtime,
  startRuntime,
} from "./runtime.ts";
import { type BenchAccounts, floorOp, type Scenario, scenarios } from "./scenarios.ts";
import { readWorkerConfig, type WorkerConfig } from "./worker-config.ts";
import { applyD1Migrations, bundleWorker } from "./wrangler-cli.ts";

/** the checkout whose workers are measured: this repo, or BENCH_ROOT (e.g. a clean export of a commit) */
const root = resolve(process.env.BENCH_ROOT ?? resolve(import.meta.dirname, "../../.."));
const opts = benchOptions();
/** BENCH_PROFILE=1: null in a normal run, which then starts no inspector and no profiler */
const profiling = profileOptions();
/** a quick run does not overwrite the last full run's results */
const resultsDir = resolve(import.meta.dirname, "../results");
/** a profiled run's numbers carry the profiler's overhead, so they go to a file of their own */
const resultsPath = join(
  resultsDir,
  profiling ? "latest-profile.json" : opts.quick ? "latest-quick.json" : "latest.json",
);
const progress = (msg: string) => process.stderr.write(`api-bench: ${msg}\n`);
let runtime: Runtime | null = null;
let work: string | null = null;
let profiler: IsolateProfiler | null = null;
let prices: FakeBinance | null = null;

async function shutdown() {
  profiler?.close();
  profiler = null;
  await runtime?.mf.dispose().catch(() => {});
  runtime = null;
  await prices?.close().catch(() => {});
  prices = null;
  if (work) rmSync(work, { recursive: true, force: true });
  work = null;
}

function versions() {
  const req = createRequire(import.meta.url);
  const miniflare = req.resolve("miniflare");
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return null;
    }
  };
  return {
    node: process.version,
    miniflare: req("miniflare/package.json").version as string,
    workerd: createRequire(miniflare)("workerd/package.json").version as string,
    wrangler: req("wrangler/package.json").version as string,
    commit: git(["rev-parse", "--short", "HEAD"]),
    uncommittedChangesInAppsOrPackages:
      (git(["status", "--porcelain", "apps", "packages"]) ?? "") !== "",
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  };
}

/** The secrets a worker's config requires, from the bench's own (a missing one fails at start). */
function secretsFor(config: WorkerConfig, all: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of config.requiredSecrets) {
    const value = all[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** One row: the floor, the one-isolate floor and ours, measured in alternating rounds. */
async function interleavedRow(
  floor: Operation,
  oneIsolate: Operation,
  ours: Operation,
  concurrency: number,
  workerdPids: number[],
) {
  const m = await measureInterleaved([floor, oneIsolate, ours], {
    concurrency,
    rounds: opts.rounds,
    sliceMs: opts.measureMs / opts.rounds,
    warmupMs: opts.warmupMs,
    resumeMs: opts.resumeMs,
    maxOps: opts.maxOps,
    workerdPids,
  });
  const [f, one, o] = m.results as [LoadResult, LoadResult, LoadResult];
  const [fr, , or] = m.perRoundOpsPerSec as [number[], number[], number[]];
  return {
    floor: f,
    floorOneIsolate: one,
    ours: o,
    perRoundOpsRatio: or.map((v, i) => v / (fr[i] ?? Number.NaN)),
  };
}

/** Profile mode: the same warm-up and measurement, with the profilers running over the latter. */
async function measureProfiled(
  p: IsolateProfiler,
  op: Operation,
  concurrency: number,
  workerdPids: number[],
): Promise<{ result: LoadResult; profiles: CpuProfile[] }> {
  await runLoad({ concurrency, durationMs: opts.warmupMs, maxOps: opts.maxOps, op, workerdPids });
  await p.start();
  const result = await runLoad({
    concurrency,
    durationMs: opts.measureMs,
    maxOps: opts.maxOps,
    op,
    workerdPids,
  }).catch(async (err: unknown) => {
    await p.stop().catch(() => {});
    throw err;
  });
  return { result, profiles: await p.stop() };
}

interface ProfileRun {
  options: ProfileOptions;
  profiler: IsolateProfiler;
  maps: SourceMaps;
  /** the summaries of every row so far, for stdout and results/latest-profile.txt */
  text: string[];
  json: unknown[];
}

/** One row in profile mode: floor then ours, each profiled; their profiles written and summed up. */
async function profiledRow(
  run: ProfileRun,
  s: Scenario,
  c: number,
  floorOperation: Operation,
  ours: Operation,
  workerdPids: number[],
): Promise<{ floor: LoadResult; ours: LoadResult }> {
  const measured = {
    floor: await measureProfiled(run.profiler, floorOperation, c, workerdPids),
    ours: await measureProfiled(run.profiler, ours, c, workerdPids),
  };
  const [floor, mine] = (["floor", "ours"] as const).map((phase) =>
    analyzePhase({
      scenario: s.id,
      concurrency: c,
      phase,
      load: measured[phase].result,
      intervalUs: run.options.intervalUs,
      isolates: run.profiler.isolates,
      profiles: measured[phase].profiles,
      maps: run.maps,
      dir: resultsDir,
    }),
  ) as [PhaseProfile, PhaseProfile];
  run.text.push(
    [comparisonTable(s.name, c, floor, mine), "", phaseSummary(mine), "", phaseSummary(floor)].join(
      "\n",
    ),
  );
  run.json.push({ scenario: s.id, concurrency: c, floor: floor.json, ours: mine.json });
  progress(
    `${s.id} @${c}: ${floor.files.length + mine.files.length} profiles written to results/${s.id}-${c}-<isolate>-<floor|ours>.cpuprofile (isolates that ran)`,
  );
  return { floor: measured.floor.result, ours: measured.ours.result };
}

async function main() {
  if (Number(process.versions.node.split(".")[0]) < 22)
    throw new Error(`wrangler needs Node 22; this is ${process.version} (run it through pnpm)`);
  const startedAt = new Date().toISOString();
  const api = readWorkerConfig(join(root, "apps/api/wrangler.jsonc"));
  const sync = readWorkerConfig(join(root, "apps/sync/wrangler.jsonc"));
  const db = api.d1[0];
  if (!db) throw new Error("the API worker has no D1 database");
  const rateLimit = api.rateLimits[0];
  // the price service reads market data from a local Binance: no request leaves the machine
  prices = await startFakeBinance({ seed: "bench-prices" });
  sync.vars.PRICE_BINANCE_URL = prices.url;
  work = mkdtempSync(join(tmpdir(), "api-bench-"));
  const logs = join(work, "wrangler-logs");

  progress(`bundling ${api.name} and ${sync.name} (wrangler deploy --dry-run)`);
  const bundles = [api, sync].map((config) => {
    const outdir = join(work ?? "", "bundle", config.name);
    return {
      config,
      outdir,
      entry: bundleWorker(root, config.configPath, config.main, outdir, logs, profiling !== null),
    };
  });
  progress("applying D1 migrations (wrangler d1 migrations apply --local)");
  applyD1Migrations(root, api.configPath, db.databaseName, join(work, "state"), logs);

  const token = `pm_bench_${randomBytes(16).toString("hex")}`;
  const secrets = {
    API_KEYS: JSON.stringify([
      {
        id: "key_bench",
        sha256: createHash("sha256").update(token).digest("hex"),
        scopes: ["read", "trade", "admin"],
        owner: "default",
      },
    ]),
    ALCHEMY_SIGNING_KEYS: "none",
    CREDENTIALS_KEY: randomBytes(32).toString("base64"),
    /** the HMAC key that tags account ids with their owner */
    ACCOUNT_ID_KEY: randomBytes(32).toString("base64url"),
  };
  progress("starting workerd (one Miniflare instance: API, sync, floor)");
  runtime = await startRuntime(
    bundles.map((b) => ({
      ...b,
      secrets: secretsFor(b.config, secrets),
      direct: b.config.name === api.name,
    })),
    join(work, "state", "v3"),
    api.compatibilityDate,
    { inspector: profiling !== null },
  );
  const rt = runtime;
  const workerdPids = findWorkerdPids();
  if (workerdPids.length === 0) throw new Error("no workerd process found under this one");

  const expected = db.migrationsDir
    ? readdirSync(db.migrationsDir).filter((f) => f.endsWith(".sql")).length
    : 0;
  const d1 = await rt.mf.getD1Database(db.binding, api.name);
  const applied = await d1
    .prepare("SELECT count(*) AS n FROM d1_migrations")
    .first<{ n: number }>();
  if (!applied || applied.n !== expected || expected === 0)
    throw new Error(`D1 has ${applied?.n} migrations applied, the repo has ${expected}`);

  const apiUrl = rt.urls.get(api.name);
  const floorUrl = rt.urls.get(FLOOR_WORKER);
  const floorCallerUrl = rt.urls.get(FLOOR_CALLER);
  if (!apiUrl || !floorUrl || !floorCallerUrl) throw new Error("workerd opened no direct socket");
  const control = new HttpTarget(apiUrl, 4, token, opts.requestTimeoutMs);
  await control.send({ method: "GET", path: "/health" });

  progress("registering simulated accounts and waiting for their initial sync");
  const start = daysAgo(3);
  const names = ["main", "fill-1", "fill-2", "fill-3", "fill-4"];
  const ids: string[] = [];
  for (const n of names)
    ids.push(
      (await registerSimulated(control, `api-bench ${n}`, { seed: `bench-${n}`, start })).id,
    );
  for (const id of ids) await waitForInitialSync(control, id, 120_000);
  const [main, f1, f2, f3, f4] = ids as [string, string, string, string, string];
  const accounts: BenchAccounts = { main, fills: [f1, f2, f3, f4] };
  await control.close();

  let prof: ProfileRun | null = null;
  if (profiling) {
    if (!rt.inspectorUrl) throw new Error("profile mode: workerd opened no inspector");
    profiler = await IsolateProfiler.open(
      rt.inspectorUrl,
      [api.name, sync.name, FLOOR_CALLER, FLOOR_WORKER],
      profiling.intervalUs,
    );
    prof = {
      options: profiling,
      profiler,
      maps: new SourceMaps(
        root,
        bundles.map((b) => ({ worker: b.config.name, outdir: b.outdir, entry: b.entry })),
      ),
      text: [],
      json: [],
    };
    progress(
      `profile mode: sampling every ${profiling.intervalUs} µs in ${profiler.isolates.map((i) => i.name).join(", ")} (inspector targets: ${profiler.allTargets.join(", ")})`,
    );
  }

  const rows: Row[] = [];
  const runId = randomBytes(4).toString("hex");
  // BENCH_ONLY=balances,heavy… runs only those scenario ids (and `heavy`), for profiling
  const only = process.env.BENCH_ONLY?.split(",").filter(Boolean) ?? null;
  for (const s of scenarios(accounts, runId).filter((x) => !only || only.includes(x.id))) {
    for (const c of opts.concurrencies) {
      const floorTarget = new HttpTarget(floorCallerUrl, c, null, opts.requestTimeoutMs);
      const oneIsolateTarget = new HttpTarget(floorUrl, c, null, opts.requestTimeoutMs);
      const apiTarget = new HttpTarget(apiUrl, c, token, opts.requestTimeoutMs);
      const floorOf = (t: HttpTarget) => floorOp(t, s.accounts, c, s.floorBody);
      try {
        // profile mode profiles the two-worker floor and ours, one after the other
        const row = prof
          ? {
              ...(await profiledRow(
                prof,
                s,
                c,
                floorOf(floorTarget),
                s.op(apiTarget, c),
                workerdPids,
              )),
              floorOneIsolate: null,
              perRoundOpsRatio: null,
            }
          : await interleavedRow(
              floorOf(floorTarget),
              floorOf(oneIsolateTarget),
              s.op(apiTarget, c),
              c,
              workerdPids,
            );
        const { floor, ours, floorOneIsolate } = row;
        rows.push({ scenario: s.name, scenarioId: s.id, concurrency: c, ...row });
        progress(
          `${s.name} @${c}: ours p50 ${ours.latencyMs.p50.toFixed(2)} ms ${ours.opsPerSec.toFixed(0)}/s, floor p50 ${floor.latencyMs.p50.toFixed(2)} ms ${floor.opsPerSec.toFixed(0)}/s${floorOneIsolate ? `, one-isolate floor p50 ${floorOneIsolate.latencyMs.p50.toFixed(2)} ms ${floorOneIsolate.opsPerSec.toFixed(0)}/s` : ""}`,
        );
      } finally {
        await Promise.all([floorTarget.close(), oneIsolateTarget.close(), apiTarget.close()]);
      }
    }
  }

  progress(`trade checks during a heavy initial sync (up to ${opts.heavySyncMs / 1000} s)`);
  const heavy =
    only && !only.includes("heavy")
      ? null
      : await tradeCheckDuringHeavySync({
          apiUrl,
          token,
          limitMs: opts.heavySyncMs,
          workerdPids,
          countTransactions: async (id) => {
            try {
              const r = await d1
                .prepare("SELECT count(*) AS n FROM transactions WHERE account_id = ?")
                .bind(id)
                .first<{ n: number }>();
              return r?.n ?? null;
            } catch {
              return null;
            }
          },
        });

  let stream: StreamLatency | null = null;
  if (!only || only.includes("stream"))
    stream = await streamLatency({
      apiUrl,
      floorUrl,
      token,
      fills: opts.quick ? 20 : 200,
      progress,
    });

  const v = versions();
  const notes = [
    `Mode: ${opts.quick ? "QUICK (smoke test; numbers are indicative only)" : "full"}; ${opts.measureMs / 1000} s per measurement after ${opts.warmupMs / 1000} s of warm-up, concurrency ${opts.concurrencies.join(" and ")}; ours and both floors in ${opts.rounds} alternating rounds of ${opts.measureMs / opts.rounds / 1000} s each (order reversed every other round, ${opts.resumeMs} ms of unmeasured load before each slice), each one's rounds pooled.`,
    `Runtime: one workerd process (Miniflare ${v.miniflare}, workerd ${v.workerd}) with ${api.name}, ${sync.name}, ${FLOOR_CALLER} and ${FLOOR_WORKER}; load sent straight to workerd's sockets (unsafeDirectSockets), no wrangler or Miniflare proxy in the path.`,
    "Floor: a worker calling a SQLite-backed Durable Object over RPC that reads one row with ctx.storage.sql.exec (spread over 4 objects in the 4-account row). The worker is a script of its own and the object another's, so each call crosses isolates, as each of ours does (API worker → the sync worker's account object) and as a call to a Durable Object does in production. A row whose request is a POST sends the floor the same body, which it reads before the call.",
    "One-isolate floor: the same worker and object in one script, which local workerd runs in one isolate (the floor of earlier runs); ours against it is in the last columns.",
    `CPU ms/req: workerd PROCESS CPU (utime+stime from /proc/<pid>/stat, all threads: workers, objects, local D1, rate limiter, background alarms) over each measurement ÷ requests; tick ${cpuTickMs} ms.`,
    "reserve + release: one POST and one DELETE count as one request (one operation) in latency, req/s and CPU.",
    `KEY_RATE_LIMIT raised from ${rateLimit ? `${rateLimit.limit}/${rateLimit.period}s` : "(none)"} to ${BENCH_RATE_LIMIT}/60s for the bench, and RATE_LIMIT_PER_MINUTE (the API's per-key limit) with it, so neither throttles; every answer was checked to be 2xx (and the trade check ok).`,
    `The load generator (Node, undici) shares the machine's ${cpus().length} cores with workerd; its own CPU per request is in results/${basename(resultsPath)}.`,
  ];
  if (profiling)
    notes.unshift(
      `PROFILE MODE (BENCH_PROFILE=1): V8 sampled every ${profiling.intervalUs} µs in every profiled isolate during each measurement. ${PROFILE_CAVEAT}`,
    );
  const out = [
    table(rows),
    "",
    heavy ? heavySyncSummary(heavy) : "",
    "",
    stream ? streamSummary(stream) : "",
    "",
    ...notes,
    ...(prof ? ["", ...prof.text] : []),
  ].join("\n");
  process.stdout.write(`\n${out}\n`);
  if (prof) {
    const summaryPath = join(resultsDir, "latest-profile.txt");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(summaryPath, `${[PROFILE_CAVEAT, "", ...prof.text].join("\n")}\n`);
    progress(`profile summaries written to ${summaryPath}`);
  }
  if (rt.errorLogs.length)
    progress(
      `workerd logged ${rt.errorLogs.length} error line(s):\n  ${rt.errorLogs.join("\n  ")}`,
    );
  writeJson(resultsPath, {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: opts.quick ? "quick" : "full",
    options: opts,
    versions: v,
    benchRoot: root,
    rateLimit: { configured: rateLimit ?? null, benchLimit: BENCH_RATE_LIMIT },
    syncVars: sync.vars,
    rows,
    heavySync: heavy,
    streamLatency: stream,
    ...(prof ? { profile: { intervalUs: prof.options.intervalUs, rows: prof.json } } : {}),
    workerdErrorLogs: rt.errorLogs,
    workerdLogLines: rt.logLines,
    notes,
  });
  progress(`results written to ${resultsPath}`);
}

const guard = setTimeout(() => {
  progress(`stopped: the bench ran past its overall limit of ${opts.overallLimitMs / 1000} s`);
  void shutdown().finally(() => process.exit(2));
}, opts.overallLimitMs);

main()
  .then(async () => {
    clearTimeout(guard);
    await shutdown();
  })
  .catch(async (err) => {
    clearTimeout(guard);
    progress(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (runtime?.errorLogs.length) progress(`workerd errors:\n  ${runtime.errorLogs.join("\n  ")}`);
    await shutdown();
    process.exitCode = 1;
  });

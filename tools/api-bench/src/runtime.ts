// One Miniflare instance, so one workerd process, running the API worker, the sync worker (the
// AccountDO class) and the floor worker. The load generator connects to workerd's own sockets
// for the API and the floor (`unsafeDirectSockets`), so Miniflare's entry worker and any
// wrangler proxy stay out of the measured path.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  convertV4MiniflareOptions,
  Log,
  LogLevel,
  Miniflare,
  type V4MiniflareOptions,
  type WorkerdStructuredLog,
} from "miniflare";
import type { WorkerConfig } from "./worker-config.ts";

type V4Worker = Extract<V4MiniflareOptions, { workers: unknown }>["workers"][number];

/** A rate limit no bench can reach, in place of the config's per-key limit. */
export const BENCH_RATE_LIMIT = 1_000_000_000;
export const FLOOR_WORKER = "api-bench-floor";
/** the floor's worker in a script of its own, calling {@link FLOOR_WORKER}'s object */
export const FLOOR_CALLER = "api-bench-floor-caller";
const HOST = "127.0.0.1";

type ModuleType = "ESModule" | "CommonJS" | "Text" | "Data" | "CompiledWasm";

/** wrangler's default module rules, after the config's own (as `wrangler deploy` applies them). */
const DEFAULT_RULES: { type: string; globs: string[] }[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];
/** what `--outdir` holds beside the modules */
const NOT_MODULES = /(^README\.md$|\.map$)/;

const escapeRegExp = (s: string) => s.replace(/[.+^$()|[\]{}\\?]/g, "\\$&");

/** A module rule's glob (`**` and `*`) as a regular expression over a path relative to the bundle. */
function globRegExp(glob: string): RegExp {
  const parts = glob.split("**/").map((p) => escapeRegExp(p).replaceAll("*", "[^/]*"));
  return new RegExp(`^${parts.join("(?:.*/)?")}$`);
}

/**
 * The bundle's modules, listed for workerd: the entry and every file wrangler wrote beside it,
 * typed by the config's module rules and wrangler's defaults. A file no rule types fails the run.
 */
function bundleModules(w: BundledWorker): { type: ModuleType; path: string }[] {
  const rules = [...w.config.moduleRules, ...DEFAULT_RULES].map((r) => ({
    type: r.type as ModuleType,
    match: r.globs.map(globRegExp),
  }));
  const files = readdirSync(w.outdir, { recursive: true, encoding: "utf8" })
    .map((f) => f.split("\\").join("/"))
    .filter((f) => join(w.outdir, f) !== w.entry && !NOT_MODULES.test(f));
  return [
    { type: "ESModule", path: w.entry },
    ...files.map((f) => {
      const rule = rules.find((r) => r.match.some((m) => m.test(f)));
      if (!rule) throw new Error(`${w.config.name}: no module rule types ${f} in the bundle`);
      return { type: rule.type, path: join(w.outdir, f) };
    }),
  ];
}

export interface BundledWorker {
  config: WorkerConfig;
  /** the entry `wrangler deploy --dry-run --outdir` wrote (named after the config's main) */
  entry: string;
  outdir: string;
  secrets: Record<string, string>;
  /** serve this worker on a direct workerd socket */
  direct: boolean;
}

function workerOptions(
  w: BundledWorker,
  sqliteClassesByScript: Map<string, Set<string>>,
): V4Worker {
  const c = w.config;
  const missing = c.requiredSecrets.filter((s) => !(s in w.secrets));
  if (missing.length) throw new Error(`${c.name} needs secrets the bench lacks: ${missing}`);
  return {
    name: c.name,
    modules: bundleModules(w),
    modulesRoot: w.outdir,
    compatibilityDate: c.compatibilityDate,
    compatibilityFlags: c.compatibilityFlags,
    bindings: {
      ...c.vars,
      // the API's own per-key limit is raised like the binding's, so neither throttles the bench
      ...("RATE_LIMIT_PER_MINUTE" in c.vars
        ? { RATE_LIMIT_PER_MINUTE: String(BENCH_RATE_LIMIT) }
        : {}),
      ...w.secrets,
    },
    d1Databases: Object.fromEntries(c.d1.map((d) => [d.binding, d.databaseId])),
    durableObjects: Object.fromEntries(
      c.durableObjects.map((d) => {
        const owner = d.scriptName ?? c.name;
        return [
          d.binding,
          {
            className: d.className,
            ...(d.scriptName ? { scriptName: d.scriptName } : {}),
            useSQLite: sqliteClassesByScript.get(owner)?.has(d.className) ?? false,
          },
        ];
      }),
    ),
    ratelimits: Object.fromEntries(
      c.rateLimits.map((r) => [
        r.binding,
        { namespace_id: r.namespaceId, simple: { limit: BENCH_RATE_LIMIT, period: r.period } },
      ]),
    ),
    ...(w.direct ? { unsafeDirectSockets: [{ host: HOST, port: 0 }] } : {}),
  };
}

const floorModule = (file: string) => ({
  type: "ESModule" as const,
  path: fileURLToPath(new URL(`./${file}`, import.meta.url)),
});

/** The floor: a worker and the object it calls, in one script, so one isolate. */
function floorWorkerOptions(compatibilityDate: string): V4Worker {
  return {
    name: FLOOR_WORKER,
    modules: [floorModule("floor-worker.js")],
    compatibilityDate,
    durableObjects: { FLOOR: { className: "FloorDO", useSQLite: true } },
    unsafeDirectSockets: [{ host: HOST, port: 0 }],
  };
}

/** The two-worker floor: the same worker in a script of its own, calling the floor's object. */
function floorCallerOptions(compatibilityDate: string): V4Worker {
  return {
    name: FLOOR_CALLER,
    modules: [floorModule("floor-caller.js"), floorModule("floor-worker.js")],
    modulesRoot: fileURLToPath(new URL(".", import.meta.url)),
    compatibilityDate,
    durableObjects: {
      FLOOR: { className: "FloorDO", scriptName: FLOOR_WORKER, useSQLite: true },
    },
    unsafeDirectSockets: [{ host: HOST, port: 0 }],
  };
}

export interface Runtime {
  mf: Miniflare;
  urls: Map<string, URL>;
  /** lines workerd logged at level error (uncaught exceptions, console.error) */
  errorLogs: string[];
  logLines: number;
  /** workerd's V8 inspector (`ws://127.0.0.1:<port>`), only when it was asked for (profile mode) */
  inspectorUrl: URL | null;
}

export async function startRuntime(
  workers: BundledWorker[],
  persistRoot: string,
  compatibilityDate: string,
  opts: { inspector?: boolean } = {},
): Promise<Runtime> {
  const errorLogs: string[] = [];
  const rt = { errorLogs, logLines: 0 } as Runtime;
  const sqlite = new Map(workers.map((w) => [w.config.name, w.config.sqliteClasses]));
  const options: V4MiniflareOptions = {
    host: HOST,
    port: 0,
    cf: false,
    logRequests: false,
    log: new Log(LogLevel.WARN),
    resourcePersistencePath: persistRoot,
    // profile mode only: workerd's inspector on a free loopback port (one target per isolate)
    ...(opts.inspector ? { inspectorPort: 0 } : {}),
    handleStructuredLogs: (log: WorkerdStructuredLog) => {
      rt.logLines++;
      if (log.level === "error" && errorLogs.length < 50) errorLogs.push(log.message);
    },
    workers: [
      ...workers.map((w) => workerOptions(w, sqlite)),
      floorWorkerOptions(compatibilityDate),
      floorCallerOptions(compatibilityDate),
    ],
  };
  rt.mf = new Miniflare(convertV4MiniflareOptions(options));
  await rt.mf.ready;
  rt.inspectorUrl = opts.inspector ? await rt.mf.getInspectorURL() : null;
  rt.urls = new Map();
  const direct = workers.filter((w) => w.direct).map((w) => w.config.name);
  for (const name of [...direct, FLOOR_WORKER, FLOOR_CALLER])
    rt.urls.set(name, await rt.mf.unsafeGetDirectURL(name));
  return rt;
}

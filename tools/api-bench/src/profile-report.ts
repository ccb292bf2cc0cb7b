// Profile mode's output: each isolate's `.cpuprofile`, and a summary of where its samples went
// (top functions by self time, time by original source file and by source: our packages, the
// libraries, the runtime). Bundle positions are mapped back to the original files with the
// source maps wrangler writes beside each bundle (`<entry>.map`).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import type { LoadResult } from "./load.ts";
import type { CallFrame, CpuProfile, ProfiledIsolate } from "./profile.ts";

export const PROFILE_CAVEAT =
  "Profiling overhead (a V8 sampler thread and its signals per profiled isolate, the inspector sessions) makes every absolute number of this run worse: latency, req/s, process CPU and the sampled µs per request. Compare shares, and ours against the floor, not milliseconds. console.log costs more with an inspector session attached (V8 keeps each message for the session), so its share is overstated here.";

const TOP_FUNCTIONS = 25;
const TOP_FILES = 15;
/** an isolate with fewer samples than this in a phase gets one line instead of a summary */
const MIN_SAMPLES_FOR_SUMMARY = 20;

interface Original {
  /** repo-relative when the file is inside the measured checkout, else absolute */
  source: string;
  /** 1-based */
  line: number;
}

interface Bundle {
  worker: string;
  outdir: string;
  entry: string;
}

/**
 * The bundles' source maps. workerd names a module's script by its path under the bundle's
 * `modulesRoot` (or by a `file:` URL); its map is the `.map` file wrangler wrote beside it.
 */
export class SourceMaps {
  readonly #root: string;
  readonly #bundles: Map<string, Bundle>;
  readonly #maps = new Map<string, TraceMap | null>();
  readonly #resolved = new Map<string, Original | null>();

  constructor(root: string, bundles: Bundle[]) {
    this.#root = root;
    this.#bundles = new Map(bundles.map((b) => [b.worker, b]));
  }

  /** whether the worker is one of the bundles (the floor worker is its own plain script) */
  hasBundle(worker: string): boolean {
    return this.#bundles.has(worker);
  }

  /** whether the worker's bundle has a source map beside its entry */
  hasMap(worker: string): boolean {
    const b = this.#bundles.get(worker);
    return b ? this.#load(b.entry) !== null : false;
  }

  #file(worker: string, url: string): string | null {
    const b = this.#bundles.get(worker);
    if (!b || !url) return null;
    let path = url;
    if (url.startsWith("file:")) path = fileURLToPath(url);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return null; // node:…, cloudflare:…, internal
    return isAbsolute(path) ? path : join(b.outdir, path);
  }

  #load(file: string): TraceMap | null {
    let map = this.#maps.get(file);
    if (map !== undefined) return map;
    map = null;
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) map = new TraceMap(readFileSync(mapFile, "utf8"), mapFile);
    this.#maps.set(file, map);
    return map;
  }

  /** The original file and line of a frame in a worker's bundle, or null (no map, no mapping). */
  resolve(worker: string, frame: CallFrame): Original | null {
    return this.#position(worker, frame.url, frame.lineNumber + 1, frame.columnNumber);
  }

  /** The original position of a whole bundle line (1-based): its first mapped segment. */
  resolveLine(worker: string, url: string, line: number): Original | null {
    return this.#position(worker, url, line, -1);
  }

  /** `column` -1: the line's first segment (a profile's line ticks carry no column) */
  #position(worker: string, url: string, line: number, column: number): Original | null {
    const key = `${worker}\0${url}\0${line}\0${column}`;
    const cached = this.#resolved.get(key);
    if (cached !== undefined) return cached;
    let out: Original | null = null;
    const file = this.#file(worker, url);
    const map = file ? this.#load(file) : null;
    if (map && line >= 1) {
      const pos =
        column < 0
          ? originalPositionFor(map, { line, column: 0, bias: LEAST_UPPER_BOUND })
          : originalPositionFor(map, { line, column });
      if (pos.source !== null && pos.line !== null) {
        const rel = relative(this.#root, pos.source);
        out = { source: rel.startsWith("..") ? pos.source : rel, line: pos.line };
      }
    }
    this.#resolved.set(key, out);
    return out;
  }
}

/** A package's name from the last `node_modules/` in a path (scoped names keep their scope). */
function packageName(path: string): string | null {
  const i = path.lastIndexOf("node_modules/");
  if (i < 0) return null;
  const parts = path.slice(i + "node_modules/".length).split("/");
  const first = parts[0] ?? "";
  return first.startsWith("@") ? `${first}/${parts[1] ?? ""}` : first;
}

const OUR_DIRS = ["apps/api", "apps/sync", "packages/core", "packages/db", "packages/adapters"];
const V8_STATES = new Set(["(program)", "(garbage collector)", "(idle)", "(root)"]);
/** what a share is taken of: everything but (idle), which is no CPU */
const IDLE = "(idle)";

/**
 * The coarse source of a sample's function. Our packages by directory; libraries by package
 * (hono, @hono/zod-openapi, zod, drizzle-orm, decimal.js, …); V8's own states; functions with no
 * script (the runtime's native API: Response, JSON, storage.sql.exec, …); the floor's script.
 */
export function sourceCategory(frame: CallFrame, original: Original | null, user: boolean): string {
  if (V8_STATES.has(frame.functionName) && !frame.url) return frame.functionName;
  if (!frame.url) return "runtime: native (no script)";
  const path = original?.source ?? frame.url;
  const ours = OUR_DIRS.find((d) => path.includes(`${d}/`));
  if (ours && !path.includes("node_modules/")) return `ours: ${ours}`;
  const m = /(?:^|\/)(apps|packages)\/([^/]+)\//.exec(path);
  if (m && !path.includes("node_modules/")) return `ours: ${m[1]}/${m[2]}`;
  const pkg = packageName(path);
  if (pkg) return pkg;
  if (basename(path) === "floor-worker.js") return "floor worker";
  if (/^[a-z][a-z0-9+.-]*:/i.test(frame.url) && !frame.url.startsWith("file:"))
    return "runtime: built-in modules";
  if (!user) return "Miniflare's binding worker";
  // esbuild's helpers at the top of the bundle (`__name` for keepNames, `__esm`, …) have no mapping
  return original ? `other: ${path}` : "bundle: esbuild helpers (no mapping)";
}

interface Tally {
  samples: number;
}

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : "-");
/** a library file without the pnpm store's prefix: `hono/dist/context.js` */
const shortPath = (p: string) => p.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, "");

export interface FunctionRow extends Tally {
  functionName: string;
  /** the frame as workerd reports it: script url and 1-based line; for a native function, its caller */
  at: string;
  original: string | null;
  category: string;
  /** the function's ticks by bundle line (from the profile's positionTicks) */
  lines: Map<number, number>;
  /** its hottest line, in the original file when mapped, with that line's share of its samples */
  hottest: string | null;
}

export interface CategoryRow extends Tally {
  name: string;
  /** samples with every native call charged to the JavaScript function that made it */
  charged: number;
}

export interface IsolateProfileSummary {
  isolate: ProfiledIsolate;
  file: string;
  samples: number;
  /** samples that were not (idle): the base of every share */
  busySamples: number;
  spanMs: number;
  /** the time one sample stands for: the sampler's actual period in this phase */
  sampleUs: number;
  requests: number;
  /** "mapped": a bundle with its source map; "unmapped": a bundle without; "script": no bundle */
  sources: "mapped" | "unmapped" | "script" | "miniflare";
  categories: CategoryRow[];
  functions: FunctionRow[];
  files: (Tally & { file: string; category: string })[];
}

export interface PhaseProfile {
  scenario: string;
  concurrency: number;
  phase: "ours" | "floor";
  load: LoadResult;
  /** the requested sampling interval, µs */
  intervalUs: number;
  /** the sampler's actual period, µs (see samplePeriodUs) */
  periodUs: number;
  isolates: IsolateProfileSummary[];
  files: string[];
  json: unknown;
}

/**
 * The sampler's actual period in a phase. V8 takes a sample of an isolate only while it is
 * entered, so the gap between two samples is one period inside a busy stretch and many across
 * a pause; and on a loaded machine the period is longer than the one asked for. The gaps of all
 * the phase's isolates together: the median of the shortest cluster (up to 1.5 × the 5th
 * percentile), which is the back-to-back samples.
 */
export function samplePeriodUs(profiles: CpuProfile[], intervalUs: number): number {
  const gaps = profiles
    .flatMap((p) => (p.timeDeltas ?? []).slice(1))
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  if (gaps.length < 20) return intervalUs;
  const p05 = gaps[Math.floor(0.05 * (gaps.length - 1))] ?? intervalUs;
  const cluster = gaps.filter((d) => d <= 1.5 * p05);
  return Math.max(intervalUs, cluster[Math.floor(cluster.length / 2)] ?? intervalUs);
}

function summarize(
  isolate: ProfiledIsolate,
  profile: CpuProfile,
  maps: SourceMaps,
  file: string,
  requests: number,
  periodUs: number,
): IsolateProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const perNode = new Map<number, number>();
  for (const id of samples) perNode.set(id, (perNode.get(id) ?? 0) + 1);
  const resolve = (f: CallFrame) => (isolate.user ? maps.resolve(isolate.name, f) : null);
  /** the nearest caller that is a script's function (for a native function's samples) */
  const jsCaller = (id: number): CallFrame | null => {
    for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) {
      const f = nodes.get(cur)?.callFrame;
      if (f?.url) return f;
    }
    return null;
  };
  const categories = new Map<string, CategoryRow>();
  const tally = (name: string, self: number, charged: number) => {
    const row = categories.get(name) ?? { name, samples: 0, charged: 0 };
    row.samples += self;
    row.charged += charged;
    categories.set(name, row);
  };
  const functions = new Map<string, FunctionRow>();
  const files = new Map<string, Tally & { file: string; category: string }>();
  for (const [id, n] of perNode) {
    const f = nodes.get(id)?.callFrame;
    if (!f) continue;
    const original = resolve(f);
    const category = sourceCategory(f, original, isolate.user);
    const native = !f.url && !V8_STATES.has(f.functionName);
    const caller = native ? jsCaller(id) : null;
    const callerOriginal = caller ? resolve(caller) : null;
    const chargedTo = caller ? sourceCategory(caller, callerOriginal, isolate.user) : category;
    tally(category, n, 0);
    tally(chargedTo, 0, n);
    const at = f.url
      ? `${f.url}:${f.lineNumber + 1}`
      : caller
        ? `native ← ${caller.functionName || "(anonymous)"} ${caller.url}:${caller.lineNumber + 1}`
        : "";
    const key = `${f.functionName}\0${at}`;
    const shown = original ?? callerOriginal;
    const row = functions.get(key) ?? {
      functionName: f.functionName || "(anonymous)",
      at,
      original: shown ? `${shown.source}:${shown.line}` : null,
      category,
      samples: 0,
      lines: new Map<number, number>(),
      hottest: null,
    };
    row.samples += n;
    for (const t of nodes.get(id)?.positionTicks ?? [])
      row.lines.set(t.line, (row.lines.get(t.line) ?? 0) + t.ticks);
    functions.set(key, row);
    const fileKey = original?.source ?? (f.url || category);
    const fr = files.get(fileKey) ?? { file: fileKey, category, samples: 0 };
    fr.samples += n;
    files.set(fileKey, fr);
  }
  const desc = <T extends Tally>(xs: Iterable<T>) => [...xs].sort((a, b) => b.samples - a.samples);
  const idle = categories.get(IDLE)?.samples ?? 0;
  const ranked = desc(functions.values()).filter((r) => r.functionName !== IDLE);
  for (const r of ranked.slice(0, TOP_FUNCTIONS)) {
    const url = r.at.includes(" ") ? "" : r.at.slice(0, r.at.lastIndexOf(":"));
    const top = [...r.lines].sort((a, b) => b[1] - a[1])[0];
    if (!url || !top) continue;
    const o = isolate.user ? maps.resolveLine(isolate.name, url, top[0]) : null;
    r.hottest = `${o ? `${shortPath(o.source)}:${o.line}` : `${url}:${top[0]}`} ${pct(top[1], r.samples)}`;
  }
  return {
    isolate,
    file,
    samples: samples.length,
    busySamples: samples.length - idle,
    spanMs: (profile.endTime - profile.startTime) / 1000,
    sampleUs: periodUs,
    requests,
    sources: !isolate.user
      ? "miniflare"
      : !maps.hasBundle(isolate.name)
        ? "script"
        : maps.hasMap(isolate.name)
          ? "mapped"
          : "unmapped",
    categories: [...categories.values()].sort(
      (a, b) => b.samples + b.charged - (a.samples + a.charged),
    ),
    functions: ranked,
    files: desc(files.values()).filter((r) => r.category !== IDLE),
  };
}

/** Writes the phase's profiles and summarizes each isolate's. */
export function analyzePhase(a: {
  scenario: string;
  concurrency: number;
  phase: "ours" | "floor";
  load: LoadResult;
  intervalUs: number;
  isolates: ProfiledIsolate[];
  profiles: CpuProfile[];
  maps: SourceMaps;
  dir: string;
}): PhaseProfile {
  mkdirSync(a.dir, { recursive: true });
  const periodUs = samplePeriodUs(a.profiles, a.intervalUs);
  const files: string[] = [];
  const isolates = a.isolates.map((iso, i) => {
    const profile = a.profiles[i];
    if (!profile) throw new Error(`no profile from ${iso.name}`);
    const safe = iso.name.replace(/[^A-Za-z0-9._-]+/g, "_");
    const file = join(a.dir, `${a.scenario}-${a.concurrency}-${safe}-${a.phase}.cpuprofile`);
    const summary = summarize(iso, profile, a.maps, file, a.load.ops, periodUs);
    // an isolate that never ran in the phase leaves no file (nor one from an earlier run)
    if (summary.busySamples > 0) {
      writeFileSync(file, JSON.stringify(profile));
      files.push(file);
    } else rmSync(file, { force: true });
    return summary;
  });
  const json = {
    requests: a.load.ops,
    workerdCpuMsPerOp: a.load.workerdCpuMsPerOp,
    intervalUs: a.intervalUs,
    periodUs,
    isolates: isolates.map((s) => ({
      name: s.isolate.name,
      file: basename(s.file),
      samples: s.samples,
      busySamples: s.busySamples,
      spanMs: s.spanMs,
      sources: s.sources,
      categories: s.categories,
      functions: s.functions.slice(0, 50).map(({ lines: _, ...r }) => r),
      files: s.files.slice(0, 30),
    })),
  };
  return { ...a, periodUs, isolates, files, json };
}

/** sampled µs per request: samples × the sampler's period ÷ requests */
const usPerReq = (s: IsolateProfileSummary, n: number) =>
  s.requests > 0 ? (n * s.sampleUs) / s.requests : 0;
const fmtUs = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/** columns padded to their widest cell; `align` is "l" or "r" per column (default: first l) */
function tableText(head: string[], rows: string[][], align?: string): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const left = (i: number) => (align ? align[i] === "l" : i === 0);
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

const LEGEND = [
  "legend: (program) = V8 inside the isolate with no JavaScript frame (workerd's C++ under the isolate lock: I/O turns, RPC and HTTP plumbing); (garbage collector) = GC; (idle) = entered but idle, left out of every share;",
  "        runtime: native = the runtime's API implemented in C++ (Response, Headers, storage.sql.exec, idFromName, fetch, console.log, …); 'charged' puts each native call on the source of the JavaScript function that made it.",
].join("\n");

/** One isolate's summary: header, time by source, top functions, top original files. */
function isolateText(s: IsolateProfileSummary, phase: string): string[] {
  const idle = s.samples - s.busySamples;
  const mapped = {
    mapped: "bundle positions mapped to the original files through the bundle's source map",
    unmapped: "NO source map beside the bundle: by bundle position",
    script: "its own script, not bundled",
    miniflare: "Miniflare's own worker (a local stand-in for a production service)",
  }[s.sources];
  const out = [
    `${s.isolate.name} (${phase}): ${s.busySamples} busy samples (+${idle} idle) in a ${s.spanMs.toFixed(0)} ms profile → ≈ ${((s.busySamples * s.sampleUs) / 1000).toFixed(0)} ms sampled, ≈ ${fmtUs(usPerReq(s, s.busySamples))} µs per request over ${s.requests} requests; ${mapped}; ${basename(s.file)}`,
    "  by source (share of busy samples: self / with native calls charged to the caller):",
    ...tableText(
      ["source", "self", "µs/req", "charged", "µs/req"],
      s.categories
        .filter((c) => c.name !== IDLE)
        .map((c) => [
          c.name,
          pct(c.samples, s.busySamples),
          fmtUs(usPerReq(s, c.samples)),
          pct(c.charged, s.busySamples),
          fmtUs(usPerReq(s, c.charged)),
        ]),
    ).map((l) => `  ${l}`),
    `  top ${TOP_FUNCTIONS} functions by self time (function name + url:line; a native function by its caller):`,
    ...tableText(
      [
        "share",
        "µs/req",
        "function",
        "at (bundle url:line)",
        "original file:line",
        "hottest line",
        "source",
      ],
      s.functions
        .slice(0, TOP_FUNCTIONS)
        .map((f) => [
          pct(f.samples, s.busySamples),
          fmtUs(usPerReq(s, f.samples)),
          f.functionName.slice(0, 40),
          f.at || "-",
          f.original ? shortPath(f.original) : "-",
          f.hottest ?? "",
          f.category,
        ]),
      "rrlllll",
    ).map((l) => `  ${l}`),
  ];
  if (s.sources === "mapped")
    out.push(
      `  top ${TOP_FILES} original source files by self time:`,
      ...tableText(
        ["share", "µs/req", "file"],
        s.files
          .slice(0, TOP_FILES)
          .map((f) => [
            pct(f.samples, s.busySamples),
            fmtUs(usPerReq(s, f.samples)),
            shortPath(f.file),
          ]),
        "rrl",
      ).map((l) => `  ${l}`),
    );
  return out;
}

/** The phase's summaries: a full one per isolate that ran, one line for those that hardly did. */
export function phaseSummary(p: PhaseProfile): string {
  const title = `--- profile: ${p.scenario} @${p.concurrency}, ${p.phase} phase: ${p.load.ops} requests; sampling asked every ${p.intervalUs} µs, taken every ≈ ${p.periodUs.toFixed(0)} µs; workerd process CPU ${p.load.workerdCpuMsPerOp.toFixed(2)} ms/req under profiling ---`;
  const busy = p.isolates.filter((s) => s.busySamples >= MIN_SAMPLES_FOR_SUMMARY);
  const quiet = p.isolates.filter((s) => s.busySamples < MIN_SAMPLES_FOR_SUMMARY);
  return [
    title,
    ...busy.flatMap((s) => [...isolateText(s, p.phase), ""]),
    quiet.length
      ? `hardly ran (fewer than ${MIN_SAMPLES_FOR_SUMMARY} busy samples; no file for 0): ${quiet.map((s) => `${s.isolate.name} ${s.busySamples}`).join(", ")}`
      : "",
  ]
    .join("\n")
    .trimEnd();
}

/** what the comparison calls a source: Miniflare's binding workers by what they stand in for */
function comparisonKey(s: IsolateProfileSummary, category: string): string {
  if (s.isolate.user) return category;
  const kind = s.isolate.name.split(":")[0] ?? s.isolate.name;
  return `Miniflare's local ${kind === "d1" ? "D1" : kind === "ratelimit" ? "rate limiter" : kind}`;
}

/**
 * Ours against the floor for one row: the sampled µs per request of every isolate, added up by
 * source (native calls charged to their caller). (idle) is left out: no JavaScript ran.
 */
export function comparisonTable(
  name: string,
  concurrency: number,
  floor: PhaseProfile,
  ours: PhaseProfile,
): string {
  const bySource = (p: PhaseProfile, charged: boolean) => {
    const m = new Map<string, number>();
    for (const s of p.isolates)
      for (const c of s.categories) {
        if (c.name === IDLE) continue;
        const key = comparisonKey(s, c.name);
        m.set(key, (m.get(key) ?? 0) + usPerReq(s, charged ? c.charged : c.samples));
      }
    return m;
  };
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const byIsolate = (p: PhaseProfile) =>
    new Map(p.isolates.map((s) => [s.isolate.name, usPerReq(s, s.busySamples)]));
  const fi = byIsolate(floor);
  const oi = byIsolate(ours);
  const ft = total(fi);
  const ot = total(oi);
  const isoRows = [...new Set([...oi.keys(), ...fi.keys()])]
    .map((k) => [k, fi.get(k) ?? 0, oi.get(k) ?? 0] as const)
    .filter(([, f, o]) => f + o >= 0.05)
    .map(([k, f, o]) => [k, fmtUs(f), pct(f, ft), fmtUs(o), pct(o, ot), fmtUs(o - f)]);
  const sourceRows = (charged: boolean) => {
    const f = bySource(floor, charged);
    const o = bySource(ours, charged);
    return [...new Set([...o.keys(), ...f.keys()])]
      .map((k) => [k, f.get(k) ?? 0, o.get(k) ?? 0] as const)
      .sort((a, b) => b[2] - b[1] - (a[2] - a[1]))
      .map(([k, fv, ov]) => [
        k,
        fmtUs(fv),
        pct(fv, ft),
        fmtUs(ov),
        pct(ov, ot),
        fmtUs(ov - fv),
        ot > ft ? pct(ov - fv, ot - ft) : "-",
      ]);
  };
  const head = ["", "floor µs", "share", "ours µs", "share", "ours − floor", "of the extra"];
  const totalRow = ["total", fmtUs(ft), "100%", fmtUs(ot), "100%", fmtUs(ot - ft), "100%"];
  return [
    `=== profile: ${name} @${concurrency}: where the isolates' time per request goes, ours vs floor ===`,
    `sampled µs per request = busy samples × the sampler's period (ours ≈ ${ours.periodUs.toFixed(0)} µs, floor ≈ ${floor.periodUs.toFixed(0)} µs; asked ${ours.intervalUs} µs) ÷ requests, over every profiled isolate.`,
    PROFILE_CAVEAT,
    `workerd process CPU in the same phases (under profiling): ours ${ours.load.workerdCpuMsPerOp.toFixed(2)} ms/req, floor ${floor.load.workerdCpuMsPerOp.toFixed(2)} ms/req; the part no isolate sampled is workerd's C++ outside the isolates (sockets, HTTP, the event loop) and the profiler's own threads.`,
    ...tableText(["by isolate", ...head.slice(1, 6)], isoRows),
    "",
    ...tableText(["by source (self)", ...head.slice(1)], [...sourceRows(false), totalRow]),
    "",
    ...tableText(
      ["by source (native calls charged to the JS caller)", ...head.slice(1)],
      [...sourceRows(true), totalRow],
    ),
    "",
    LEGEND,
  ].join("\n");
}

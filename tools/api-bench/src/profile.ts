// Profile mode (`BENCH_PROFILE=1`): V8 CPU profiles of workerd's isolates, taken through the
// inspector Miniflare opens with `inspectorPort`. workerd offers one inspector target per
// isolate (`core:user:<worker>` for a user worker; Miniflare's own binding workers, such as
// the local D1 and the rate limiter, have targets of their own). Each selected isolate gets
// its own session: `Profiler.enable` and `Profiler.setSamplingInterval` once, then
// `Profiler.start` right before a measured phase and `Profiler.stop` right after it.
import { CdpSession, type InspectorTarget, listTargets } from "./cdp.ts";

export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  /** 0-based */
  lineNumber: number;
  /** 0-based */
  columnNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

/** `Profiler.Profile` of the DevTools protocol, as written to a `.cpuprofile` file. */
export interface CpuProfile {
  nodes: ProfileNode[];
  /** µs */
  startTime: number;
  /** µs */
  endTime: number;
  samples?: number[];
  /** µs between a sample and the one before it (the first: since startTime) */
  timeDeltas?: number[];
}

/** An isolate the bench profiles, and what it is called in the output. */
export interface ProfiledIsolate {
  /** the worker's name for user workers, else the inspector target's id */
  name: string;
  targetId: string;
  /** a user worker of the bench (API, sync, floor), not one of Miniflare's binding workers */
  user: boolean;
}

/**
 * Which targets to profile: the named user workers (all must be there) and Miniflare's binding
 * workers that the API calls in process (local D1, the rate limiter), which stand in for
 * services that run elsewhere in production.
 */
export function selectIsolates(targets: InspectorTarget[], workers: string[]): ProfiledIsolate[] {
  const ids = new Set(targets.map((t) => t.id));
  const missing = workers.filter((w) => !ids.has(`core:user:${w}`));
  if (missing.length)
    throw new Error(
      `workerd's inspector lists no isolate for ${missing.join(", ")}; it lists ${[...ids].join(", ")}`,
    );
  const bindings = targets
    .map((t) => t.id)
    .filter((id) => /^(d1|ratelimit):/.test(id))
    .map((id) => ({ name: id, targetId: id, user: false }));
  return [
    ...workers.map((w) => ({ name: w, targetId: `core:user:${w}`, user: true })),
    ...bindings,
  ];
}

export class IsolateProfiler {
  readonly isolates: ProfiledIsolate[];
  readonly allTargets: string[];
  readonly #sessions: CdpSession[];
  #running = false;

  private constructor(isolates: ProfiledIsolate[], sessions: CdpSession[], allTargets: string[]) {
    this.isolates = isolates;
    this.#sessions = sessions;
    this.allTargets = allTargets;
  }

  static async open(
    inspector: URL,
    workers: string[],
    intervalUs: number,
  ): Promise<IsolateProfiler> {
    const targets = await listTargets(inspector);
    const isolates = selectIsolates(targets, workers);
    const byId = new Map(targets.map((t) => [t.id, t]));
    const sessions: CdpSession[] = [];
    try {
      for (const iso of isolates) {
        const target = byId.get(iso.targetId);
        if (!target) throw new Error(`no inspector target ${iso.targetId}`);
        const s = await CdpSession.connect(target.webSocketDebuggerUrl);
        sessions.push(s);
        await s.send("Profiler.enable");
        await s.send("Profiler.setSamplingInterval", { interval: intervalUs });
      }
    } catch (err) {
      for (const s of sessions) s.close();
      throw err;
    }
    return new IsolateProfiler(
      isolates,
      sessions,
      targets.map((t) => t.id),
    );
  }

  /** Starts every selected isolate's profiler (right before a measured phase). */
  async start() {
    if (this.#running) throw new Error("the profiler is already running");
    await Promise.all(this.#sessions.map((s) => s.send("Profiler.start")));
    this.#running = true;
  }

  /** Stops them (right after the phase) and returns each isolate's profile, in `isolates` order. */
  async stop(): Promise<CpuProfile[]> {
    if (!this.#running) throw new Error("the profiler is not running");
    this.#running = false;
    const out = await Promise.all(
      this.#sessions.map((s) => s.send<{ profile: CpuProfile }>("Profiler.stop")),
    );
    return out.map((r) => r.profile);
  }

  close() {
    for (const s of this.#sessions) s.close();
  }
}

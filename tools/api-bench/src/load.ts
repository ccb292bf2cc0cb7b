// A small bounded closed loop: `concurrency` workers, each sending its next operation when the
// last one answered, until the time or the operation count runs out. Latency percentiles are
// read from the sorted samples (exact, no histogram buckets).
import { processCpuMs } from "./process-cpu.ts";

/** One operation: a request, or a pair of requests counted as one (reserve + release). */
export type Operation = (worker: number, seq: number) => Promise<void>;

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  concurrency: number;
  ops: number;
  durationMs: number;
  opsPerSec: number;
  latencyMs: Latency;
  /** workerd process CPU (utime + stime) over the measurement, per operation */
  workerdCpuMsPerOp: number;
  workerdCpuMs: number;
  /** CPU of this Node process (the load generator) per operation, for context */
  clientCpuMsPerOp: number;
}

export function percentiles(samples: Float64Array): Latency {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) throw new Error("no samples");
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1] ?? NaN, mean: sum / n };
}

/** One stretch of load: its raw samples and counters, to be summed up alone or pooled. */
export interface Slice {
  concurrency: number;
  samples: Float64Array;
  durationMs: number;
  workerdCpuMs: number;
  clientCpuMs: number;
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  maxOps: number;
  op: Operation;
  workerdPids: readonly number[];
}

export async function runSlice(opts: LoadOptions): Promise<Slice> {
  const samples = new Float64Array(opts.maxOps);
  let issued = 0;
  let done = 0;
  let failure: unknown = null;
  const cpu0 = processCpuMs(opts.workerdPids);
  const client0 = process.cpuUsage();
  const start = performance.now();
  const end = start + opts.durationMs;
  const worker = async (w: number) => {
    while (failure === null && issued < opts.maxOps && performance.now() < end) {
      const seq = issued++;
      const t0 = performance.now();
      try {
        await opts.op(w, seq);
      } catch (err) {
        failure ??= err;
        return;
      }
      samples[done++] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  const durationMs = performance.now() - start;
  const workerdCpuMs = processCpuMs(opts.workerdPids) - cpu0;
  const client = process.cpuUsage(client0);
  if (failure !== null) throw failure;
  return {
    concurrency: opts.concurrency,
    samples: samples.subarray(0, done),
    durationMs,
    workerdCpuMs,
    clientCpuMs: (client.user + client.system) / 1000,
  };
}

/** The summary of one or more slices of the same operation, their samples pooled. */
export function summarise(slices: readonly Slice[]): LoadResult {
  const first = slices[0];
  if (!first) throw new Error("no slices");
  const pooled = new Float64Array(slices.reduce((n, s) => n + s.samples.length, 0));
  let at = 0;
  for (const s of slices) {
    pooled.set(s.samples, at);
    at += s.samples.length;
  }
  const sum = (f: (s: Slice) => number) => slices.reduce((n, s) => n + f(s), 0);
  const ops = pooled.length;
  const durationMs = sum((s) => s.durationMs);
  const workerdCpuMs = sum((s) => s.workerdCpuMs);
  return {
    concurrency: first.concurrency,
    ops,
    durationMs,
    opsPerSec: (ops * 1000) / durationMs,
    latencyMs: percentiles(pooled),
    workerdCpuMsPerOp: workerdCpuMs / ops,
    workerdCpuMs,
    clientCpuMsPerOp: sum((s) => s.clientCpuMs) / ops,
  };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  return summarise([await runSlice(opts)]);
}

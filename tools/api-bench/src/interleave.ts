// Ours and the floors measured in alternating slices rather than one after the other: this
// machine's speed drifts by tens of per cent over minutes (other tenants, CPU frequency), and a
// drift between two back-to-back measurements would land in the ratio. Each round runs every
// operation once, the order reversed every other round (A B C, C B A…), so a steady drift
// weighs on each alike; each operation's slices are then pooled.
import { type LoadResult, type Operation, runSlice, type Slice, summarise } from "./load.ts";

export interface InterleaveOptions {
  concurrency: number;
  rounds: number;
  sliceMs: number;
  /** unmeasured load before each operation's first slice (connections, JIT, first loads) */
  warmupMs: number;
  /** unmeasured load before every later slice, after another operation had the machine */
  resumeMs: number;
  maxOps: number;
  workerdPids: readonly number[];
}

export interface Interleaved {
  /** each operation's slices pooled, in the order the operations were given */
  results: LoadResult[];
  /** each operation's requests a second in every round, for the spread of the ratios */
  perRoundOpsPerSec: number[][];
}

export async function measureInterleaved(
  ops: readonly Operation[],
  o: InterleaveOptions,
): Promise<Interleaved> {
  const slices: Slice[][] = ops.map(() => []);
  const run = (op: Operation, durationMs: number) =>
    runSlice({
      concurrency: o.concurrency,
      durationMs,
      maxOps: o.maxOps,
      op,
      workerdPids: o.workerdPids,
    });
  for (let r = 0; r < o.rounds; r++) {
    const order = ops.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const op = ops[i] as Operation;
      await run(op, r === 0 ? o.warmupMs : o.resumeMs);
      slices[i]?.push(await run(op, o.sliceMs));
    }
  }
  return {
    results: slices.map((s) => summarise(s)),
    perRoundOpsPerSec: slices.map((s) => s.map((x) => (x.samples.length * 1000) / x.durationMs)),
  };
}

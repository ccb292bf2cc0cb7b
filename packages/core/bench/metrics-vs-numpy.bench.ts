// `pnpm bench`: the whole metric suite over 10 years of daily data (3,650 returns plus a
// benchmark series) and the diversity of 100 weights, timed here and in numpy on the same
// series (tools/metrics-numpy/metrics.py). Reports; asserts nothing.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { it } from "vitest";
import { diversity } from "../src/metrics/diversity.js";
import { builtinMetrics } from "../src/metrics/registry.js";
import { testSeries, testWeights } from "../src/metrics/test-series.js";

function medianMs(fn: () => void, reps: number, runs = 7): { median: number; min: number } {
  for (let i = 0; i < 50; i++) fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t0) / reps);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)] as number, min: times[0] as number };
}

it("times the metric suite against numpy", () => {
  const returns = testSeries(3650);
  const benchmark = testSeries(3650, 1);
  const weights = testWeights(100);
  const registry = builtinMetrics();
  const inputs = {
    returns,
    benchmark,
    dates: [],
    periodsPerYear: 365,
    riskFree: 0,
    requiredReturn: 0,
  };
  let sink = 0;
  const ours = medianMs(() => {
    const { values } = registry.computeAll(inputs);
    sink += (values.sharpeRatio as number) + (diversity(weights)?.hhi ?? 0);
  }, 200);

  const env = { ...process.env };
  // numpy runs at its best: without the OpenBLAS core-type override this machine may set
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const py = spawnSync(
    "python3",
    [join(import.meta.dirname, "../../../tools/metrics-numpy/metrics.py"), "--bench"],
    {
      encoding: "utf8",
      env,
    },
  );
  const numpy =
    py.status === 0
      ? (JSON.parse(py.stdout) as { medianMs: number; minMs: number; numpy: string })
      : null;

  const lines = [
    "",
    "Metric suite: 21 metrics over 3,650 daily returns + benchmark, and diversity of 100 weights",
    `  ours (TypeScript, ${process.version})  median ${ours.median.toFixed(3)} ms  min ${ours.min.toFixed(3)} ms per suite`,
    numpy
      ? `  numpy ${numpy.numpy}                  median ${numpy.medianMs.toFixed(3)} ms  min ${numpy.minMs.toFixed(3)} ms per suite`
      : `  numpy: not run (${py.error?.message ?? py.stderr.trim()})`,
    numpy
      ? `  ours / numpy = ${(ours.median / numpy.medianMs).toFixed(2)}× (target: at most 2×)`
      : "",
    `  (checksum ${sink.toFixed(3)})`,
    "",
  ];
  console.log(lines.join("\n"));
});

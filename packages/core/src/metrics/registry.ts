import {
  alphaBeta,
  correlation,
  downCapture,
  informationRatio,
  trackingError,
  upCapture,
  upDownCapture,
} from "./benchmark.js";
import {
  calmarRatio,
  omegaRatio,
  sharpeRatio,
  sortinoRatio,
  stabilityOfTimeseries,
} from "./ratios.js";
import { annualReturn, totalReturn } from "./returns.js";
import {
  annualVolatility,
  conditionalValueAtRisk,
  downsideRisk,
  maxDrawdown,
  tailRatio,
  valueAtRisk,
} from "./risk.js";
import { MetricInputError, type ReturnSeries } from "./series.js";

/** What every metric of a registry is computed from. */
export interface MetricInputs {
  returns: ReturnSeries;
  /** the benchmark's returns for the same periods, or null */
  benchmark: ReturnSeries | null;
  dates: readonly string[];
  periodsPerYear: number;
  /** per-period risk-free return */
  riskFree: number;
  /** per-period required return (downside risk, Sortino) */
  requiredReturn: number;
}

export interface MetricDefinition {
  name: string;
  description: string;
  /** true when the metric needs a benchmark; it is null without one */
  needsBenchmark?: boolean;
  compute: (inputs: MetricInputs) => number | null;
}

const NAME = /^[a-z][A-Za-z0-9]{0,63}$/;

/** A named set of metrics over the same inputs; users add their own beside the built-in ones. */
export class MetricRegistry {
  private readonly defs = new Map<string, MetricDefinition>();

  register(def: MetricDefinition): this {
    if (!NAME.test(def.name))
      throw new MetricInputError(`metric names are camelCase identifiers: ${def.name}`);
    if (this.defs.has(def.name))
      throw new MetricInputError(`metric ${def.name} is already registered`);
    this.defs.set(def.name, def);
    return this;
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  list(): { name: string; description: string }[] {
    return [...this.defs.values()].map(({ name, description }) => ({ name, description }));
  }

  /** Every metric's value; a metric that throws is reported as null with its error. */
  computeAll(inputs: MetricInputs): {
    values: Record<string, number | null>;
    errors: Record<string, string>;
  } {
    const values: Record<string, number | null> = {};
    const errors: Record<string, string> = {};
    for (const def of this.defs.values()) {
      if (def.needsBenchmark && !inputs.benchmark) {
        values[def.name] = null;
        continue;
      }
      try {
        const v = def.compute(inputs);
        values[def.name] = v === null || Number.isNaN(v) ? null : v;
      } catch (err) {
        values[def.name] = null;
        errors[def.name] = err instanceof Error ? err.message : String(err);
      }
    }
    return { values, errors };
  }
}

/** The built-in return, risk and benchmark metrics, each documented in its own module. */
export function builtinMetrics(): MetricRegistry {
  const bench = (i: MetricInputs) => i.benchmark as ReturnSeries;
  return new MetricRegistry()
    .register({
      name: "totalReturn",
      description: "Π(1 + r) − 1",
      compute: (i) => totalReturn(i.returns),
    })
    .register({
      name: "annualReturn",
      description: "CAGR by period count",
      compute: (i) => annualReturn(i.returns, i.periodsPerYear),
    })
    .register({
      name: "annualVolatility",
      description: "std (ddof 1) × √periodsPerYear",
      compute: (i) => annualVolatility(i.returns, i.periodsPerYear),
    })
    .register({
      name: "downsideRisk",
      description: "√mean(min(r − required, 0)²) × √periodsPerYear",
      compute: (i) =>
        downsideRisk(i.returns, {
          requiredReturn: i.requiredReturn,
          periodsPerYear: i.periodsPerYear,
        }),
    })
    .register({
      name: "maxDrawdown",
      description: "worst fall from a peak, negative fraction",
      compute: (i) => maxDrawdown(i.returns),
    })
    .register({
      name: "valueAtRisk",
      description: "historical 5% quantile of returns",
      compute: (i) => valueAtRisk(i.returns),
    })
    .register({
      name: "conditionalValueAtRisk",
      description: "mean of the worst 5% of returns",
      compute: (i) => conditionalValueAtRisk(i.returns),
    })
    .register({
      name: "tailRatio",
      description: "|p95| / |p5|",
      compute: (i) => tailRatio(i.returns),
    })
    .register({
      name: "sharpeRatio",
      description: "mean(r − rf) / std × √periodsPerYear",
      compute: (i) =>
        sharpeRatio(i.returns, { riskFree: i.riskFree, periodsPerYear: i.periodsPerYear }),
    })
    .register({
      name: "sortinoRatio",
      description: "mean(r − required) × periodsPerYear / downsideRisk",
      compute: (i) =>
        sortinoRatio(i.returns, {
          requiredReturn: i.requiredReturn,
          periodsPerYear: i.periodsPerYear,
        }),
    })
    .register({
      name: "calmarRatio",
      description: "annualReturn / |maxDrawdown|",
      compute: (i) => calmarRatio(i.returns, i.periodsPerYear),
    })
    .register({
      name: "omegaRatio",
      description: "gains over losses around the (annual) required return",
      compute: (i) =>
        omegaRatio(i.returns, { riskFree: i.riskFree, periodsPerYear: i.periodsPerYear }),
    })
    .register({
      name: "stabilityOfTimeseries",
      description: "R² of cumulative log returns against time",
      compute: (i) => stabilityOfTimeseries(i.returns),
    })
    .register({
      name: "alpha",
      description: "(1 + mean((r − rf) − β(b − rf)))^periodsPerYear − 1",
      needsBenchmark: true,
      compute: (i) =>
        alphaBeta(i.returns, bench(i), { riskFree: i.riskFree, periodsPerYear: i.periodsPerYear })
          .alpha,
    })
    .register({
      name: "beta",
      description: "cov(r − rf, b − rf) / var(b − rf)",
      needsBenchmark: true,
      compute: (i) =>
        alphaBeta(i.returns, bench(i), { riskFree: i.riskFree, periodsPerYear: i.periodsPerYear })
          .beta,
    })
    .register({
      name: "upCapture",
      description: "CAGR ratio when the benchmark rose",
      needsBenchmark: true,
      compute: (i) => upCapture(i.returns, bench(i), i.periodsPerYear),
    })
    .register({
      name: "downCapture",
      description: "CAGR ratio when the benchmark fell",
      needsBenchmark: true,
      compute: (i) => downCapture(i.returns, bench(i), i.periodsPerYear),
    })
    .register({
      name: "upDownCapture",
      description: "upCapture / downCapture",
      needsBenchmark: true,
      compute: (i) => upDownCapture(i.returns, bench(i), i.periodsPerYear),
    })
    .register({
      name: "trackingError",
      description: "std(r − b) × √periodsPerYear",
      needsBenchmark: true,
      compute: (i) => trackingError(i.returns, bench(i), i.periodsPerYear),
    })
    .register({
      name: "informationRatio",
      description: "mean(r − b) / std(r − b) × √periodsPerYear",
      needsBenchmark: true,
      compute: (i) => informationRatio(i.returns, bench(i), i.periodsPerYear),
    })
    .register({
      name: "correlation",
      description: "Pearson correlation with the benchmark",
      needsBenchmark: true,
      compute: (i) => correlation(i.returns, bench(i)),
    });
}

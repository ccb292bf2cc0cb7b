import { type MetricInputs, MetricRegistry } from "@portfolio/core";

function presentReturns(i: MetricInputs): number[] {
  return Array.from(i.returns).filter((r): r is number => r !== null);
}

/**
 * Metrics of our own, served under `custom` beside the built-in ones. Add yours here: a name,
 * a description and a function of the same inputs (daily returns, benchmark, dates, periods a
 * year); it appears in GET /v1/portfolio/metrics without further wiring.
 */
export const customMetrics = new MetricRegistry()
  .register({
    name: "bestDay",
    description: "the best daily return of the period",
    compute: (i) => {
      const r = presentReturns(i);
      return r.length ? Math.max(...r) : null;
    },
  })
  .register({
    name: "worstDay",
    description: "the worst daily return of the period",
    compute: (i) => {
      const r = presentReturns(i);
      return r.length ? Math.min(...r) : null;
    },
  })
  .register({
    name: "positiveDayShare",
    description: "share of days with a gain",
    compute: (i) => {
      const r = presentReturns(i);
      return r.length ? r.filter((x) => x > 0).length / r.length : null;
    },
  });

export * from "./daily-series.js";
export * from "./external-flows.js";
export * from "./holdings-at.js";
export * from "./period.js";
export * from "./portfolio-metrics.js";

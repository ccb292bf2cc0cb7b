export * from "./daily-holdings.js";
export * from "./daily-series.js";
export * from "./external-flows.js";
export * from "./period.js";
export * from "./portfolio-metrics.js";

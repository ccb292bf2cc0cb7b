export * from "./lot-queue.js";
export * from "./lots-engine.js";
export * from "./lots-types.js";
export * from "./pnl-summary.js";
export * from "./tax-report.js";
export * from "./tax-settings.js";

export * from "./accounts.js";
export * from "./balances.js";
export * from "./history-rebuilds.js";
export * from "./idempotency-keys.js";
export * from "./portfolio-snapshots.js";
export * from "./price-candles.js";
export * from "./tax-settings.js";
export * from "./transactions.js";

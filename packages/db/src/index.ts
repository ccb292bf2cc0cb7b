export * from "./client.js";
export * from "./queries/accounts.js";
export * from "./queries/balances.js";
export * from "./queries/page-cursor.js";
export * from "./queries/recorded-history.js";
export * from "./queries/snapshots.js";
export * from "./queries/transactions.js";
export * from "./schema/index.js";

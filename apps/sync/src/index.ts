// The sync package's face to the other packages: the Durable Object classes, their typed
// clients and the shapes they exchange. The worker's own entry is worker.ts.
export { type AccountClient, accountClient, streamStub } from "./account-client.js";
export { AccountDO } from "./account-do.js";
export {
  type AccountEvent,
  type AccountEventType,
  accountEventTypes,
} from "./events/account-event.js";
export type {
  DailyPricesResult,
  HourlyPricesResult,
  MomentPricesResult,
  PriceAnswer,
  PricesResult,
} from "./prices/price-answers.js";
export { PriceDO, priceStub } from "./prices/price-do.js";
export { servicePrices } from "./prices/service-prices.js";
export type * from "./rpc-types.js";
export { askAccounts } from "./snapshots/ask-accounts.js";
export {
  type RebuildResult,
  rebuildOwnerHistory,
  requestOwnerRebuild,
} from "./snapshots/rebuild-history.js";
export { type UnavailableAccount, valueAccounts } from "./snapshots/value-accounts.js";
export { servicePriced, snapshotJob, writeOwnerSnapshot } from "./snapshots/write-snapshots.js";
export { STREAM_OWNER_HEADER } from "./stream/stream-request.js";
export { type WebhookClient, webhookClient } from "./webhooks/webhook-client.js";
export { WebhookDO } from "./webhooks/webhook-do.js";
export type * from "./webhooks/webhook-types.js";

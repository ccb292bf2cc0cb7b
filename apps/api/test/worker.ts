// The API worker with the account Durable Object in the same isolate, for tests: in production
// the object lives in the sync worker (script_name), here it is bound locally.
export { AccountDO, PriceDO, WebhookDO } from "@portfolio/sync";
export { default } from "../src/index.js";

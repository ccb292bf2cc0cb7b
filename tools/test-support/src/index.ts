export { hmacSha256Hex } from "./hmac.ts";
export { sqlAsText } from "./sql-as-text.ts";
export { testAlchemySigningKey, testApiTokens, testBindings } from "./test-bindings.ts";
export {
  type ReceivedRequest,
  type ReceiverAnswer,
  receiverAdmin,
  waitFor,
} from "./webhook-receiver-client.ts";

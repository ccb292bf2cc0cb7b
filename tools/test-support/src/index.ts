export { sqlAsText } from "./sql-as-text.ts";
export { testAlchemySigningKey, testApiTokens, testBindings } from "./test-bindings.ts";

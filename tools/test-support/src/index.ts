export { sqlAsText } from "./sql-as-text.ts";
export { testApiTokens, testBindings } from "./test-bindings.ts";

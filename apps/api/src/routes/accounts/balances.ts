import { createRoute } from "@hono/zod-openapi";
import { knownOwnedAccount, ownedAccountOf } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { JSON_CONTENT_TYPE, unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, BalancesSchema } from "./schema.js";

const route = createRoute({
  operationId: "getBalances",
  method: "get",
  path: "/{id}/balances",
  summary: "Current balances from the account's own storage, with their age",
  ...scoped("read"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
  },
  responses: {
    200: { description: "Balances", content: { "application/json": { schema: BalancesSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

/**
 * Account `id`'s balances as `owner` may see them, as the JSON text the object made of them
 * (one string crosses RPC, not every asset's fields copied twice), and the ETag that names
 * their version.
 */
export async function readBalances(env: Env, owner: string, id: string) {
  const stub = knownOwnedAccount(env, owner, id) ?? (await ownedAccountOf(env, owner, id));
  const { json, version } = unwrapRpc(await stub.balancesJson(owner));
  return { json, etag: `"${version}"` };
}

export const getBalances = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  const { json, etag } = await readBalances(c.env, c.get("apiKey").owner, id);
  return c.body(json, 200, { "Content-Type": JSON_CONTENT_TYPE, ETag: etag }) as never;
});

import { createRoute } from "@hono/zod-openapi";
import { mutableConfigFields } from "@portfolio/adapters";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, historyUnavailable, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, AccountViewSchema, UpdateAccountBody } from "./schema.js";

const mutable = Object.entries(mutableConfigFields)
  .map(([provider, fields]) => `${provider}: ${fields.join(", ")}`)
  .join("; ");

const route = createRoute({
  operationId: "updateAccount",
  method: "patch",
  path: "/{id}",
  summary: "Change an account: name, metadata, sync interval, some config, credentials",
  description: `Each field given replaces the stored one. \`config\` changes only the fields that may change per provider (${mutable}); any other is a 400 saying to register a new account. New \`credentials\` are checked against the platform (the same Binance uid; an EVM node on the same chain) and sealed; the next call uses them. The D1 listing changes too.`,
  ...scoped("admin"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
    body: { required: true, content: { "application/json": { schema: UpdateAccountBody } } },
  },
  responses: {
    200: {
      description: "The account as it is now",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...notFound,
    ...conflict,
    ...historyUnavailable,
  },
});

export const updateAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  const view = unwrapRpc(await account.update(c.get("apiKey").owner, c.req.valid("json")));
  return c.json(view, 200);
});

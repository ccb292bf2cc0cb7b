import { createRoute } from "@hono/zod-openapi";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { AccountIdParam, BalancesSchema } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/{id}/balances",
  summary: "Current balances from the account's own storage, with their age",
  middleware: [requireScope("read")] as const,
  request: { params: AccountIdParam },
  responses: {
    200: { description: "Balances", content: { "application/json": { schema: BalancesSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

export const getBalances = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  return c.json(
    unwrapRpc(await accountClient(c.env.ACCOUNT, id).balances(c.get("apiKey").owner)),
    200,
  );
});

import { createRoute } from "@hono/zod-openapi";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { AccountIdParam, AccountViewSchema } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/{id}",
  summary: "An account with its sync status (credentials are never returned)",
  middleware: [requireScope("read")] as const,
  request: { params: AccountIdParam },
  responses: {
    200: {
      description: "The account",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const getAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  return c.json(
    unwrapRpc(await accountClient(c.env.ACCOUNT, id).describe(c.get("apiKey").owner)),
    200,
  );
});

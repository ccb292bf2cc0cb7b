import { createRoute } from "@hono/zod-openapi";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { AccountIdParam, AccountViewSchema } from "./schema.js";

const route = createRoute({
  method: "post",
  path: "/{id}/sync",
  summary: "Sync now (joins a sync already running) and answer the status after it",
  middleware: [requireScope("trade")] as const,
  request: { params: AccountIdParam },
  responses: {
    200: {
      description: "The account after the sync; a failed sync shows in sync.lastError",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const syncAccount = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  return c.json(
    unwrapRpc(await accountClient(c.env.ACCOUNT, id).requestSync(c.get("apiKey").owner)),
    200,
  );
});

import { createRoute } from "@hono/zod-openapi";
import { publicConfig } from "@portfolio/adapters";
import { createDb, decodePageCursor, listAccountRows, toAccount } from "@portfolio/db";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { AccountListQuery, AccountListSchema } from "./schema.js";

const route = createRoute({
  operationId: "listAccounts",
  method: "get",
  path: "/",
  summary: "List registered accounts, oldest first",
  ...scoped("read"),
  request: { query: AccountListQuery },
  responses: {
    200: {
      description: "Accounts",
      content: { "application/json": { schema: AccountListSchema } },
    },
    ...commonErrors,
  },
});

export const listAccounts = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const after = q.cursor ? decodePageCursor(q.cursor) : null;
  if (q.cursor && !after)
    throw new ApiError("VALIDATION_FAILED", "cursor is not one this API returned");
  const page = await listAccountRows(createDb(c.env.DB), {
    owner: c.get("apiKey").owner,
    limit: q.limit,
    after,
  });
  // rows listed before a node URL was a credential still carry it in D1: never shown
  const data = page.rows
    .map(toAccount)
    .map((a) => ({ ...a, config: publicConfig(a.provider, a.config) }));
  return c.json({ data, nextCursor: page.nextCursor }, 200);
});

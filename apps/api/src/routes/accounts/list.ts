import { createRoute } from "@hono/zod-openapi";
import { createDb, decodePageCursor, listAccountRows, toAccount } from "@portfolio/db";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { AccountListQuery, AccountListSchema } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/",
  summary: "List registered accounts, oldest first",
  middleware: [requireScope("read")] as const,
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
  return c.json({ data: page.rows.map(toAccount), nextCursor: page.nextCursor }, 200);
});

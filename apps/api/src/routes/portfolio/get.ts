import { createRoute } from "@hono/zod-openapi";
import { createDb, listActiveAccountIds } from "@portfolio/db";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { PortfolioQuery, PortfolioSchema } from "./schema.js";
import { summarizePortfolio } from "./summarize.js";

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Total value in a base currency, by account and by asset",
  middleware: [requireScope("read")] as const,
  request: { query: PortfolioQuery },
  responses: {
    200: {
      description: "The portfolio",
      content: { "application/json": { schema: PortfolioSchema } },
    },
    ...commonErrors,
  },
});

export const getPortfolio = createApp().openapi(route, async (c) => {
  const { base } = c.req.valid("query");
  const ids = await listActiveAccountIds(createDb(c.env.DB), c.get("apiKey").owner);
  const valuations = await Promise.all(
    ids.map(async (id) =>
      unwrapRpc(await accountClient(c.env.ACCOUNT, id).valuation(c.get("apiKey").owner)),
    ),
  );
  return c.json(summarizePortfolio(valuations, base, new Date()), 200);
});

import { createRoute } from "@hono/zod-openapi";
import { summarizePortfolio } from "@portfolio/core";
import { createDb, listActiveAccountIds } from "@portfolio/db";
import { valueAccounts } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { PortfolioQuery, PortfolioSchema } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/",
  summary: "Total value in a base currency, by account and by asset",
  ...scoped("read"),
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
  const owner = c.get("apiKey").owner;
  // one account that cannot answer must not hide the others: it is listed, not valued
  const { valuations, unavailableAccounts } = await valueAccounts(c.env.ACCOUNT, ids, owner);
  return c.json({ ...summarizePortfolio(valuations, base, new Date()), unavailableAccounts }, 200);
});

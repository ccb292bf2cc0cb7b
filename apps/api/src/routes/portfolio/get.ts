import { createRoute } from "@hono/zod-openapi";
import { summarizePortfolio } from "@portfolio/core";
import { createDb, listActiveAccountIds } from "@portfolio/db";
import { servicePriced, valueAccounts } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { PortfolioQuery, PortfolioSchema } from "./schema.js";

/** how long the answer waits for the price service before it takes the accounts' own prices */
const SERVICE_WAIT_MS = 2_000;

const route = createRoute({
  operationId: "getPortfolio",
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
  // one price per asset across the accounts, the price service's (the accounts' own without it)
  const priced = await servicePriced(c.env.PRICES, valuations, base, SERVICE_WAIT_MS);
  return c.json({ ...summarizePortfolio(priced, base, new Date()), unavailableAccounts }, 200);
});

import { createRoute } from "@hono/zod-openapi";
import { priceStub } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors, pricesUnavailable } from "../../errors/error-schema.js";
import { priceFailure } from "../../errors/price-failure.js";
import { scoped } from "../../middleware/auth.js";
import { PricesQuery, PricesSchema } from "./schema.js";

const route = createRoute({
  operationId: "getPrices",
  method: "get",
  path: "/",
  summary: "Prices of any assets in any base, now or at a past moment, with where each came from",
  description:
    "One price service for every valuation: the cheapest path of Binance's pairs and the chain's pools (SOL → USDT → EUR, TKA → USDC → USDT → USD), each hop with its source and time. USDT is taken at par with USD, another dollar stablecoin only where no market joins it to USDT (`assumed` counts such hops). In the past, the close of the last candle before `at` (hourly for the last 90 days, daily before). An asset no path reaches is listed in `unpriced`; a base no path reaches is a 400 naming the bases that are.",
  ...scoped("read"),
  request: { query: PricesQuery },
  responses: {
    200: { description: "The prices", content: { "application/json": { schema: PricesSchema } } },
    ...commonErrors,
    ...pricesUnavailable,
  },
});

export const getPrices = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const at = q.at === undefined ? undefined : Date.parse(q.at);
  if (at !== undefined && at > Date.now())
    throw new ApiError("BAD_REQUEST", "`at` is in the future: prices are only known up to now", {
      at: q.at ?? null,
    });
  const r = await priceStub(c.env.PRICES).prices(q.assets, q.base, at);
  if (!r.ok) throw priceFailure(r);
  return c.json({ base: r.base, at: r.at, prices: r.prices, unpriced: r.unpriced }, 200);
});

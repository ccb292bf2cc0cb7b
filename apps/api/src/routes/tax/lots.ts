import { createRoute } from "@hono/zod-openapi";
import { formatAmount, isoTime } from "@portfolio/core";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound, pricesUnavailable } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { lotsRequest } from "../../tax/owner-lots.js";
import { LotsQuery, LotsSchema } from "./schema.js";

const route = createRoute({
  operationId: "getTaxLots",
  method: "get",
  path: "/lots",
  summary: "The open lots, for a person to check",
  description:
    "What the lots engine holds open now after the owner's whole ledger: per lot the units left, what they cost in the base, when and where they were acquired (a move between the owner's accounts keeps both), the acquiring row and how its basis was set (a trade, income, a deposit at its market value, an exchange out of a pool).",
  ...scoped("read"),
  request: { query: LotsQuery },
  responses: {
    200: { description: "The lots", content: { "application/json": { schema: LotsSchema } } },
    ...commonErrors,
    ...notFound,
    ...pricesUnavailable,
  },
});

export const getLots = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const { accounts, settings, result } = await lotsRequest(c.env, c.get("apiKey").owner, q);
  const lots = result.open.filter(
    (l) => (!q.asset || l.asset === q.asset) && (!accounts || accounts.has(l.accountId)),
  );
  return c.json(
    {
      base: q.base,
      method: settings.method,
      lots: lots.map((l) => ({
        id: l.id,
        asset: l.asset,
        amount: formatAmount(l.amount),
        cost: formatAmount(l.cost),
        acquiredAt: isoTime(l.acquiredAt),
        accountId: l.accountId,
        acquiredIn: l.acquiredIn,
        source: l.source,
        basis: l.basis,
      })),
    },
    200,
  );
});

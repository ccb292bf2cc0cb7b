import { createRoute } from "@hono/zod-openapi";
import { isoTime, type PnlLine, pnlSummary } from "@portfolio/core";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound, pricesUnavailable } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { heldPricesNow, lotsRequest } from "../../tax/owner-lots.js";
import { moneyOut, roundingFor } from "../../tax/tax-wire.js";
import { PnlQuery, PnlSchema } from "../tax/schema.js";

const route = createRoute({
  operationId: "getPnl",
  method: "get",
  path: "/pnl",
  summary: "Realised and unrealised P&L, cost basis and income, per asset and per account",
  description:
    "From the owner's whole ledger through the lots engine (the method and settings of GET /v1/tax/settings, or `method`): gains realised by disposals in the period, income received in it at its value on receipt, and what is held now with its cost basis, value and unrealised gain. Every row is valued with the price service; `accountId` reports part of the portfolio (a lot moved between the owner's accounts keeps its basis).",
  ...scoped("read"),
  request: { query: PnlQuery },
  responses: {
    200: { description: "The P&L", content: { "application/json": { schema: PnlSchema } } },
    ...commonErrors,
    ...notFound,
    ...pricesUnavailable,
  },
});

export const getPnl = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const { accounts, settings, result } = await lotsRequest(c.env, c.get("apiKey").owner, q);
  const pricesNow = await heldPricesNow(c.env.PRICES, result, q.base);
  const from = q.from ? Date.parse(q.from) : 0;
  const to = q.to ? Date.parse(q.to) : Date.now();
  const s = pnlSummary(result, { from, to, pricesNow, ...(accounts ? { accounts } : {}) });
  const rounding = roundingFor(q.base);
  const m = (d: Parameters<typeof moneyOut>[0]) => moneyOut(d, rounding);
  const line = (l: PnlLine) => ({
    asset: l.asset,
    ...(l.accountId ? { accountId: l.accountId } : {}),
    realised: m(l.realised),
    proceeds: m(l.proceeds),
    costOfDisposed: m(l.costOfDisposed),
    income: m(l.income),
    amount: l.amount.toFixed(),
    costBasis: m(l.costBasis),
    value: l.value === null ? null : m(l.value),
    unrealised: l.unrealised === null ? null : m(l.unrealised),
  });
  return c.json(
    {
      base: q.base,
      method: settings.method,
      from: isoTime(from),
      to: isoTime(to),
      rounding,
      totals: {
        realised: m(s.totals.realised),
        proceeds: m(s.totals.proceeds),
        costOfDisposed: m(s.totals.costOfDisposed),
        income: m(s.totals.income),
        costBasis: m(s.totals.costBasis),
        value: m(s.totals.value),
        unrealised: m(s.totals.unrealised),
      },
      byAsset: s.byAsset.map(line),
      byAccount: s.byAccount.map(line),
      unpriced: s.unpriced,
      findings: result.findings.length,
    },
    200,
  );
});

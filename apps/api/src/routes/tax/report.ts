import { createRoute } from "@hono/zod-openapi";
import {
  type Dec,
  formatAmount,
  isoTime,
  isoTimeOrNull,
  taxReport,
  taxReportCsv,
} from "@portfolio/core";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound, pricesUnavailable } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { lotsRequest } from "../../tax/owner-lots.js";
import { moneyOut, roundingFor } from "../../tax/tax-wire.js";
import { TaxReportQuery, TaxReportSchema } from "./schema.js";

const route = createRoute({
  operationId: "getTaxReport",
  method: "get",
  path: "/report",
  summary: "A tax year: every disposal by lot and every income event, with totals (JSON or CSV)",
  description:
    "From the owner's whole ledger through the lots engine: each lot part disposed of in the UTC year (asset, amount, date acquired, date disposed, proceeds, cost, gain, term, accounts, source rows) and each income event at its value on receipt, with totals and the findings to check (missing acquisitions at zero basis, unpriced values, assumed bases). `format=csv` downloads the disposals in a common capital-gains form's columns (description, date acquired, date sold, proceeds, cost, gain or loss, term), streamed. Money is rounded only on the way out, half to even.",
  ...scoped("read"),
  request: { query: TaxReportQuery },
  responses: {
    200: {
      description: "The report",
      content: {
        "application/json": { schema: TaxReportSchema },
        "text/csv": { schema: { type: "string" } },
      },
    },
    ...commonErrors,
    ...notFound,
    ...pricesUnavailable,
  },
});

export const getTaxReport = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const { accounts, settings, result } = await lotsRequest(c.env, c.get("apiKey").owner, q);
  const report = taxReport(result, q.year, accounts);
  const rounding = roundingFor(q.base);
  if (q.format === "csv") {
    // one line at a time: a year of many fills never sits in memory as one string
    const lines = taxReportCsv(report, rounding);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    const name = `tax-report-${q.year}-${settings.method}-${q.base}.csv`;
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
    }) as never;
  }
  const m = (d: Dec) => moneyOut(d, rounding);
  return c.json(
    {
      year: q.year,
      base: q.base,
      method: settings.method,
      rounding,
      totals: {
        proceeds: m(report.totals.proceeds),
        cost: m(report.totals.cost),
        gain: m(report.totals.gain),
        shortTerm: m(report.totals.shortTerm),
        longTerm: m(report.totals.longTerm),
        taxFree: m(report.totals.taxFree),
        income: m(report.totals.income),
      },
      disposals: report.disposals.map((d) => ({
        asset: d.asset,
        amount: formatAmount(d.amount),
        acquiredAt: isoTimeOrNull(d.acquiredAt),
        disposedAt: isoTime(d.disposedAt),
        proceeds: m(d.proceeds),
        cost: m(d.cost),
        gain: m(d.gain),
        term: d.term,
        taxFree: d.taxFree,
        kind: d.kind,
        accountId: d.accountId,
        acquiredIn: d.acquiredIn,
        sourceRows: d.sourceRows,
      })),
      income: report.income.map((i) => ({
        asset: i.asset,
        amount: formatAmount(i.amount),
        value: i.value === null ? null : m(i.value),
        at: isoTime(i.at),
        accountId: i.accountId,
        txId: i.txId,
      })),
      findings: report.findings.map((f) => ({
        kind: f.kind,
        asset: f.asset,
        amount: formatAmount(f.amount),
        at: isoTime(f.at),
        accountId: f.accountId,
        txId: f.txId,
      })),
    },
    200,
  );
});

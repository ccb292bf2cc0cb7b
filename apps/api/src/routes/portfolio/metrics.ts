import { createRoute } from "@hono/zod-openapi";
import { dailySeries, periodDays, portfolioMetrics } from "@portfolio/core";
import { createDb, firstSnapshotTime } from "@portfolio/db";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { customMetrics } from "../../metrics/custom-metrics.js";
import { scoped } from "../../middleware/auth.js";
import { loadSeriesInputs } from "./load-series.js";
import { MetricsQuery, MetricsSchema } from "./schema.js";
import { wireNumbers } from "./wire-numbers.js";

const DAY_MS = 86_400_000;

const route = createRoute({
  method: "get",
  path: "/metrics",
  summary: "Performance and risk of the owner's portfolio over a period",
  description:
    "ROI, time-weighted return (TTWROR), money-weighted return (XIRR), annualised figures, risk metrics from daily returns (365 periods a year), benchmark comparison against an asset's price, diversity of current holdings, custom metrics, and the conventions used. Computed from the hourly portfolio snapshots and the deposits and withdrawals in the period.",
  ...scoped("read"),
  request: { query: MetricsQuery },
  responses: {
    200: { description: "The metrics", content: { "application/json": { schema: MetricsSchema } } },
    ...commonErrors,
  },
});

export const getMetrics = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const owner = c.get("apiKey").owner;
  const db = createDb(c.env.DB);
  const now = Date.now();
  const first = await firstSnapshotTime(db, owner);
  const { fromDay, toDay } = periodDays(q.period, now, first?.getTime() ?? null);
  const inputs = await loadSeriesInputs(
    db,
    owner,
    q.base,
    c.env.SNAPSHOT_BASE_CURRENCY,
    new Date(fromDay * DAY_MS),
    new Date(now),
  );
  const { days, unpricedFlows } = dailySeries(
    inputs.snapshots,
    inputs.flows,
    q.base,
    fromDay,
    toDay,
  );
  const holdingValues = (inputs.latest?.assetBreakdown ?? []).flatMap((h) =>
    h.value === null ? [] : [Number(h.value)],
  );
  const m = portfolioMetrics({
    days,
    benchmark: q.benchmark ?? null,
    holdingValues,
    custom: customMetrics,
    rollingWindow: q.rollingWindow,
  });
  return c.json(wireNumbers({ period: q.period, base: q.base, ...m, unpricedFlows }), 200);
});

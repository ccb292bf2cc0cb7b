import { createRoute } from "@hono/zod-openapi";
import { type DailyPoint, dailySeries, periodDays, portfolioMetrics } from "@portfolio/core";
import { createDb, firstSnapshotTime } from "@portfolio/db";
import { type PriceDO, priceStub } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { customMetrics } from "../../metrics/custom-metrics.js";
import { scoped } from "../../middleware/auth.js";
import { loadSeriesInputs } from "./load-series.js";
import { MetricsQuery, MetricsSchema } from "./schema.js";
import { wireNumbers } from "./wire-numbers.js";

const DAY_MS = 86_400_000;

const route = createRoute({
  operationId: "getMetrics",
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

/**
 * The days with the benchmark's price: the snapshots' own when they have it (an asset priced
 * when the snapshots were taken), else its daily closes from the price service, so any asset
 * can be the benchmark, held or not. Without either, the benchmark has no points.
 */
async function withBenchmark(
  days: DailyPoint[],
  prices: DurableObjectNamespace<PriceDO>,
  asset: string,
  base: string,
  fromDay: number,
  toDay: number,
): Promise<DailyPoint[]> {
  if (days.some((d) => d.value !== null && d.prices[asset])) return days;
  const r = await priceStub(prices)
    .dailyPrices(asset, base, fromDay, toDay)
    .catch(() => null);
  if (!r?.ok) return days;
  const byDate = new Map(r.days.map((d) => [d.date, d.price]));
  return days.map((d) => {
    const p = byDate.get(d.date);
    return p ? { ...d, prices: { ...d.prices, [asset]: p } } : d;
  });
}

export const getMetrics = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const owner = c.get("apiKey").owner;
  const db = createDb(c.env.DB);
  const now = Date.now();
  const first = await firstSnapshotTime(db, owner);
  const { fromDay, toDay } = periodDays(q.period, now, first?.getTime() ?? null);
  const inputs = await loadSeriesInputs(
    db,
    c.env.PRICES,
    owner,
    q.base,
    c.env.SNAPSHOT_BASE_CURRENCY,
    new Date(fromDay * DAY_MS),
    new Date(now),
  );
  const series = dailySeries(inputs.snapshots, inputs.flows, q.base, fromDay, toDay);
  const { unpricedFlows } = series;
  const days = q.benchmark
    ? await withBenchmark(series.days, c.env.PRICES, q.benchmark, q.base, fromDay, toDay)
    : series.days;
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

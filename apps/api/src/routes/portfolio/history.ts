import { createRoute } from "@hono/zod-openapi";
import { bucketedSeries } from "@portfolio/core";
import { createDb } from "@portfolio/db";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { loadSeriesInputs } from "./load-series.js";
import { HistoryQuery, HistorySchema } from "./schema.js";

const MAX_POINTS = 5_000;

const route = createRoute({
  operationId: "getHistory",
  method: "get",
  path: "/history",
  summary: "Portfolio value over time from the snapshots, with external flows per interval",
  ...scoped("read"),
  request: { query: HistoryQuery },
  responses: {
    200: {
      description: "One point per interval; null where no snapshot fell",
      content: { "application/json": { schema: HistorySchema } },
    },
    ...commonErrors,
  },
});

export const getHistory = createApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from > to) throw new ApiError("VALIDATION_FAILED", "from must not be after to");
  const width = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 }[
    q.interval
  ];
  if ((to.getTime() - from.getTime()) / width > MAX_POINTS) {
    throw new ApiError(
      "VALIDATION_FAILED",
      `more than ${MAX_POINTS} ${q.interval}s requested; use a longer interval`,
    );
  }
  const owner = c.get("apiKey").owner;
  const inputs = await loadSeriesInputs(
    createDb(c.env.DB),
    c.env.PRICES,
    owner,
    q.base,
    c.env.SNAPSHOT_BASE_CURRENCY,
    from,
    to,
  );
  const series = bucketedSeries(
    inputs.snapshots,
    inputs.flows,
    q.base,
    from.getTime(),
    to.getTime(),
    q.interval,
  );
  return c.json(
    {
      base: q.base,
      interval: q.interval,
      // amounts as decimal strings, like every amount on the wire
      points: series.points.map((p) => ({ start: p.start, ...p.exact })),
      unpricedFlows: series.unpricedFlows,
      internalTransfers: inputs.internalTransfers.length,
    },
    200,
  );
});

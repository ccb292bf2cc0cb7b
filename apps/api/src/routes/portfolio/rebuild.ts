import { createRoute, z } from "@hono/zod-openapi";
import { createDb } from "@portfolio/db";
import { requestOwnerRebuild } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors, errorResponse } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { NoQuery } from "../no-query.js";

const RebuildSchema = z
  .object({
    from: z.string().nullable().meta({ description: "first day rebuilt, null without history" }),
    to: z.string().nullable(),
    written: z.number().int().meta({
      description: "rebuilt points written: one per day, and one per hour over the last 90 days",
    }),
    keptLive: z.number().int().meta({
      description: "points (days, or hours over the last 90 days) left to their live snapshots",
    }),
    unpriced: z
      .array(z.string())
      .meta({ description: "assets left out of some day's value: no price reached them" }),
  })
  .meta({ id: "HistoryRebuilt" });

const route = createRoute({
  operationId: "rebuildHistory",
  method: "post",
  path: "/rebuild",
  summary: "Rebuild the portfolio's past from its ledger, valued with the price service",
  description:
    "Replays the holdings of every active account from the first transaction: at the end of every day, and of every hour over the last 90 days up to the last hour closed, each valued at the price service's close then (daily candles, hourly ones for the hours), as `rebuilt` points beside the live snapshots (a day, or in the last 90 days an hour, with a complete live snapshot keeps it). History and metrics read them like snapshots, so they work from the first day of an account's history. Done again from scratch on every call.",
  ...scoped("admin"),
  request: { query: NoQuery },
  responses: {
    200: { description: "Rebuilt", content: { "application/json": { schema: RebuildSchema } } },
    ...commonErrors,
    409: errorResponse(
      "A rebuild of this portfolio is running (details.reason REBUILD_RUNNING); it runs once more with the latest history when done",
    ),
  },
});

export const rebuildHistory = createApp().openapi(route, async (c) => {
  const r = await requestOwnerRebuild(
    createDb(c.env.DB),
    c.env.PRICES,
    c.get("apiKey").owner,
    c.env.SNAPSHOT_BASE_CURRENCY,
    () => Date.now(),
  );
  // another worker is rebuilding: it runs once more, with this request's history, when done
  if (!r)
    throw new ApiError(
      "CONFLICT",
      "a rebuild of this portfolio is running; it will run again with the latest history",
      {
        reason: "REBUILD_RUNNING",
      },
    );
  return c.json(r, 200);
});

import { createRoute } from "@hono/zod-openapi";
import { createDb } from "@portfolio/db";
import { writeOwnerSnapshot } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, idempotencyConflict } from "../../errors/error-schema.js";
import { IdempotencyKeyHeader, idempotentScoped } from "../../middleware/idempotency.js";
import { NoQuery } from "../no-query.js";
import { SnapshotTakenSchema } from "./schema.js";

const route = createRoute({
  operationId: "takeSnapshot",
  method: "post",
  path: "/snapshots",
  summary: "Take a portfolio snapshot now (the sync worker also takes one every hour)",
  ...idempotentScoped("admin"),
  request: { query: NoQuery, headers: IdempotencyKeyHeader },
  responses: {
    201: {
      description: "Taken (written: false when one exists for this minute)",
      content: { "application/json": { schema: SnapshotTakenSchema } },
    },
    ...commonErrors,
    ...idempotencyConflict(),
  },
});

export const takeSnapshot = createApp().openapi(route, async (c) => {
  const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const r = await writeOwnerSnapshot(
    createDb(c.env.DB),
    c.env.ACCOUNT,
    c.get("apiKey").owner,
    c.env.SNAPSHOT_BASE_CURRENCY,
    at,
    c.env.PRICES,
  );
  return c.json({ ...r, timestamp: at.toISOString() }, 201);
});

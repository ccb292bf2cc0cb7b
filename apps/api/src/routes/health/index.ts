import { createRoute, z } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { NoQuery } from "../no-query.js";

const route = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/health",
  summary: "Liveness and D1 reachability; no API key needed",
  security: [],
  request: { query: NoQuery },
  responses: {
    200: {
      description: "Healthy",
      content: {
        "application/json": { schema: z.object({ status: z.literal("ok"), d1: z.literal("ok") }) },
      },
    },
    503: {
      description: "D1 unreachable",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("degraded"), d1: z.literal("error") }),
        },
      },
    },
  },
});

export const healthApp = createApp().openapi(route, async (c) => {
  try {
    await c.env.DB.prepare("SELECT 1").first();
    return c.json({ status: "ok" as const, d1: "ok" as const }, 200);
  } catch {
    return c.json({ status: "degraded" as const, d1: "error" as const }, 503);
  }
});

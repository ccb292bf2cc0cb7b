import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../../env.ts";
import { answer } from "../../respond.ts";
import { accountControlRoutes } from "./account.ts";
import { faultRoutes } from "./faults.ts";
import { requestRoutes } from "./requests.ts";
import { streamRoutes } from "./streams.ts";
import { weightRoutes } from "./weights.ts";

/** An admin call's body: JSON or nothing (a body that is not JSON breaks the call: -1000). */
const adminInput = createMiddleware<HonoEnv>(async function adminInput(c, next) {
  const body = await c.req.text();
  c.set("input", body ? (JSON.parse(body) as Record<string, unknown>) : {});
  await next();
});

/**
 * The stand-in's control routes under /__admin/ (mounted there): any method, a JSON body, no
 * weight charged and nothing logged; "{}" with a 404 for a name it does not know.
 */
export const adminRoutes = new Hono<HonoEnv>()
  .use("/:rest{.*}", adminInput)
  .route("/", faultRoutes)
  .route("/", weightRoutes)
  .route("/", requestRoutes)
  .route("/", accountControlRoutes)
  .route("/", streamRoutes)
  .all("/:rest{.*}", (c) => answer(c, 404, "{}"));

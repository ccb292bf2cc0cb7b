import { Hono } from "hono";
import type { HonoEnv } from "../../env.ts";
import { answer, toJson } from "../../respond.ts";

/**
 * POST /__admin/faults sets faults (fail5xx, malformed, slowMs, clockSkewMs, onlyKey); it and
 * GET answer the faults now set and `served`: what the fault injection has served since the
 * stand-in started.
 */
export const faultRoutes = new Hono<HonoEnv>().all("/faults", (c) => {
  const { fake } = c.var.stand;
  Object.assign(fake.faults, c.var.input);
  return answer(c, 200, toJson({ ...fake.faults, served: fake.served }));
});

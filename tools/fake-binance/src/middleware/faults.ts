import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../env.ts";
import { answer, toJson } from "../respond.ts";

/** slowMs: every REST call waits this long once its weight is charged, whatever it answers. */
export const slowFault = createMiddleware<HonoEnv>(async function slowFault(c, next) {
  const { faults, served } = c.var.stand.fake;
  if (faults.slowMs) {
    served.slowed++;
    await new Promise((r) => setTimeout(r, faults.slowMs));
  }
  await next();
});

/**
 * fail5xx and malformed: the next n calls (only those naming onlyKey's API key, when it is set)
 * answer 503 -1008 before any check, or 200 with the body cut in half where they would have
 * succeeded.
 */
export const answerFaults = createMiddleware<HonoEnv>(async function answerFaults(c, next) {
  const { faults, served } = c.var.stand.fake;
  const hit = faults.onlyKey === null || c.req.header("x-mbx-apikey") === faults.onlyKey;
  if (hit && faults.fail5xx > 0) {
    faults.fail5xx--;
    served.fail5xx++;
    return answer(
      c,
      503,
      toJson({
        code: -1008,
        msg: "Server is currently overloaded with other requests. Please try again in a few minutes.",
      }),
    );
  }
  await next();
  if (!hit || faults.malformed <= 0 || c.res.status !== 200) return;
  faults.malformed--;
  served.malformed++;
  const payload = await c.res.text();
  c.res = answer(c, 200, payload.slice(0, Math.max(1, Math.floor(payload.length / 2))));
});

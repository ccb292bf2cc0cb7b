import { Hono } from "hono";
import type { HonoEnv } from "../../env.ts";
import { answer, toJson } from "../../respond.ts";

/** What the stand-in was asked: counts, the last requests, and a reset of both. */
export const requestRoutes = new Hono<HonoEnv>()
  .all("/stats", (c) => {
    const { fake } = c.var.stand;
    const { input } = c.var;
    const statuses: Record<string, number> = {};
    for (const r of fake.requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    // with {"key": …} in the body: also how many requests named that API key, by status
    // with {"path": …} as well: only those that went to that endpoint
    const onPath = (r: { path: string }) => typeof input.path !== "string" || r.path === input.path;
    let byKey = {};
    if (typeof input.key === "string") {
      const withKey = fake.requests.filter((r) => r.key === input.key && onPath(r));
      const statusesWithKey: Record<string, number> = {};
      for (const r of withKey) statusesWithKey[r.status] = (statusesWithKey[r.status] ?? 0) + 1;
      byKey = { requestsWithKey: withKey.length, statusesWithKey };
    }
    return answer(
      c,
      200,
      toJson({
        spent: fake.weights.spent,
        requests: fake.requests.length,
        statuses,
        ...byKey,
      }),
    );
  })
  // the last 50 requests: path, status and the API key they named
  .all("/requests", (c) => answer(c, 200, toJson(c.var.stand.fake.requests.slice(-50))))
  .all("/reset-stats", (c) => {
    const { fake } = c.var.stand;
    fake.requests.length = 0;
    fake.weights.spent = { api: 0, sapiIp: 0, sapiUid: 0, fapi: 0 };
    return answer(c, 200, "{}");
  });

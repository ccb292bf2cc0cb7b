import { Hono } from "hono";
import type { HonoEnv } from "../../env.ts";
import { answer, toJson } from "../../respond.ts";

/** The WebSocket API's connections: drop them, change their settings, count them. */
export const streamRoutes = new Hono<HonoEnv>()
  .all("/drop-streams", (c) => {
    // every WebSocket connection ends without a close frame, as a network failure would
    // with {"key": …}: only the connections subscribed with that API key
    const { input } = c.var;
    const dropped = c.var.stand.fake.ws.dropAll(
      typeof input.key === "string" ? input.key : undefined,
    );
    return answer(c, 200, toJson({ dropped }));
  })
  .all("/stream-settings", (c) => {
    // applies to connections opened from now on
    const { ws } = c.var.stand.fake;
    Object.assign(ws.settings, c.var.input);
    return answer(c, 200, toJson(ws.settings));
  })
  .all("/streams", (c) => {
    // with {"key": …}: that key's open connections and subscriptions as well
    const { ws } = c.var.stand.fake;
    const { input } = c.var;
    return answer(
      c,
      200,
      toJson({
        ...ws.stats,
        ...(typeof input.key === "string" ? { key: ws.statsOf(input.key) } : {}),
      }),
    );
  });

import { Hono } from "hono";
import type { HonoEnv } from "../../env.ts";
import { answer, toJson } from "../../respond.ts";
import type { Bucket } from "../../weights.ts";

/** The weight limits: set them, spend weight as another client would, roll the window, unban. */
export const weightRoutes = new Hono<HonoEnv>()
  .all("/limits", (c) => {
    const { fake } = c.var.stand;
    Object.assign(fake.weights.limits, c.var.input);
    return answer(c, 200, toJson(fake.weights.limits));
  })
  .all("/consume", (c) => {
    const { fake, realNow } = c.var.stand;
    const { input } = c.var;
    const now = realNow();
    fake.weights.consume((input.bucket as Bucket) ?? "api", Number(input.weight ?? 0), now);
    return answer(
      c,
      200,
      toJson({ used: fake.weights.current((input.bucket as Bucket) ?? "api", now) }),
    );
  })
  .all("/new-window", (c) => {
    // what the next minute boundary does: every bucket starts from zero
    c.var.stand.fake.weights.newWindow();
    return answer(c, 200, "{}");
  })
  .all("/unban", (c) => {
    c.var.stand.fake.weights.bannedUntil = 0;
    return answer(c, 200, "{}");
  });

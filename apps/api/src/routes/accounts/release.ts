import { createRoute } from "@hono/zod-openapi";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { ReservationIdParam } from "./schema.js";

const route = createRoute({
  method: "delete",
  path: "/{id}/reservations/{reservationId}",
  summary: "Release held funds",
  middleware: [requireScope("trade")] as const,
  request: { params: ReservationIdParam },
  responses: {
    204: { description: "Released" },
    ...commonErrors,
    ...notFound,
  },
});

export const releaseReservation = createApp().openapi(route, async (c) => {
  const { id, reservationId } = c.req.valid("param");
  c.set("accountId", id);
  unwrapRpc(await accountClient(c.env.ACCOUNT, id).release(c.get("apiKey").owner, reservationId));
  return c.body(null, 204);
});

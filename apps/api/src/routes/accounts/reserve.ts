import { createRoute } from "@hono/zod-openapi";
import { accountClient } from "@portfolio/sync";
import { createApp } from "../../create-app.js";
import { commonErrors, conflict, notFound } from "../../errors/error-schema.js";
import { requireScope } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { AccountIdParam, ReservationBody, ReservationSchema } from "./schema.js";

const route = createRoute({
  method: "post",
  path: "/{id}/reservations",
  summary: "Hold funds for an order so no other bot can spend them",
  description:
    "Held funds leave `available` until the reservation is released, expires, or is consumed by a recorded fill whose metadata.reservationId names it. More than is available is a 409 with details.reason INSUFFICIENT_FUNDS.",
  middleware: [requireScope("trade")] as const,
  request: {
    params: AccountIdParam,
    body: { required: true, content: { "application/json": { schema: ReservationBody } } },
  },
  responses: {
    201: { description: "Held", content: { "application/json": { schema: ReservationSchema } } },
    ...commonErrors,
    ...notFound,
    ...conflict,
  },
});

export const reserveFunds = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  c.set("accountId", id);
  return c.json(
    unwrapRpc(
      await accountClient(c.env.ACCOUNT, id).reserve(c.get("apiKey").owner, c.req.valid("json")),
    ),
    201,
  );
});

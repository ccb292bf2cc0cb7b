import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFoundOf } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { ReservationIdParam } from "./schema.js";

const route = createRoute({
  operationId: "releaseReservation",
  method: "delete",
  path: "/{id}/reservations/{reservationId}",
  summary: "Release held funds",
  ...scoped("trade"),
  request: {
    query: NoQuery,
    params: ReservationIdParam,
  },
  responses: {
    204: { description: "Released" },
    ...commonErrors,
    ...notFoundOf("No such account (of this owner), or no live hold with this id"),
  },
});

export const releaseReservation = createApp().openapi(route, async (c) => {
  const { id, reservationId } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  unwrapRpc(await account.release(c.get("apiKey").owner, reservationId));
  return c.body(null, 204);
});

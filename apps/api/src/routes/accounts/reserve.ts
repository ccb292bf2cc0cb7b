import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import {
  commonErrors,
  idempotencyConflict,
  notFound,
  preconditionFailed,
} from "../../errors/error-schema.js";
import { IdempotencyKeyHeader, idempotentScoped } from "../../middleware/idempotency.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import {
  AccountIdParam,
  IfMatchHeader,
  ifMatchVersion,
  ReservationBody,
  ReservationSchema,
} from "./schema.js";

const route = createRoute({
  operationId: "reserveFunds",
  method: "post",
  path: "/{id}/reservations",
  summary: "Hold funds for an order so no other bot can spend them",
  description:
    "Held funds leave `available` until the hold is released or expires; a fill recorded with metadata.reservationId naming it shrinks it by what the fill spent. More than is available is a 409 with details.reason INSUFFICIENT_FUNDS. Idempotent by `ref`: the same ref, asset and amount again answers the live hold (200); the same ref with another asset or amount is a 409. With `If-Match` set to the balances' version, the hold is made only if they have not changed (else 412).",
  ...idempotentScoped("trade"),
  request: {
    query: NoQuery,
    params: AccountIdParam,
    headers: IfMatchHeader.extend(IdempotencyKeyHeader.shape),
    body: { required: true, content: { "application/json": { schema: ReservationBody } } },
  },
  responses: {
    201: { description: "Held", content: { "application/json": { schema: ReservationSchema } } },
    200: {
      description: "The live hold with this ref",
      content: { "application/json": { schema: ReservationSchema } },
    },
    ...commonErrors,
    ...notFound,
    ...idempotencyConflict(
      "Not enough available (details.reason INSUFFICIENT_FUNDS), or the ref names a hold of another asset or amount",
    ),
    ...preconditionFailed,
  },
});

export const reserveFunds = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  const ifVersion = ifMatchVersion(c.req.valid("header")["if-match"]);
  const r = unwrapRpc(
    await account.reserve(c.get("apiKey").owner, {
      ...c.req.valid("json"),
      ...(ifVersion === undefined ? {} : { ifVersion }),
    }),
  );
  return r.created ? c.json(r.reservation, 201) : c.json(r.reservation, 200);
});

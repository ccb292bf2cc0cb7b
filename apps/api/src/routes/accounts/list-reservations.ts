import { createRoute } from "@hono/zod-openapi";
import { ownedAccount } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, notFound } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountIdParam, ReservationListSchema } from "./schema.js";

const route = createRoute({
  operationId: "listReservations",
  method: "get",
  path: "/{id}/reservations",
  summary: "The account's live holds, oldest first",
  ...scoped("read"),
  request: { query: NoQuery, params: AccountIdParam },
  responses: {
    200: {
      description: "Live holds",
      content: { "application/json": { schema: ReservationListSchema } },
    },
    ...commonErrors,
    ...notFound,
  },
});

export const listReservations = createApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const account = await ownedAccount(c, id);
  return c.json({ data: unwrapRpc(await account.listReservations(c.get("apiKey").owner)) }, 200);
});

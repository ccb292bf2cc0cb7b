import { createRoute } from "@hono/zod-openapi";
import { providerAccountType } from "@portfolio/core";
import { accountClient } from "@portfolio/sync";
import { mintAccountId } from "../../accounts/account-ids.js";
import { createApp } from "../../create-app.js";
import { commonErrors, errorResponse, idempotencyConflict } from "../../errors/error-schema.js";
import { IdempotencyKeyHeader, idempotentScoped } from "../../middleware/idempotency.js";
import { unwrapRpc } from "../../rpc-result.js";
import { NoQuery } from "../no-query.js";
import { AccountViewSchema, CreateAccountBody } from "./schema.js";

const route = createRoute({
  operationId: "createAccount",
  method: "post",
  path: "/",
  summary: "Register an account; its initial full sync starts at once",
  ...idempotentScoped("admin"),
  request: {
    query: NoQuery,
    headers: IdempotencyKeyHeader,
    body: { required: true, content: { "application/json": { schema: CreateAccountBody } } },
  },
  responses: {
    201: {
      description: "Registered",
      content: { "application/json": { schema: AccountViewSchema } },
    },
    ...commonErrors,
    ...idempotencyConflict("Conflicts with what is stored"),
    503: errorResponse(
      "The platform could not be reached to check the credentials or the chain; nothing was registered, retry later",
    ),
  },
});

export const createAccount = createApp().openapi(route, async (c) => {
  const body = c.req.valid("json");
  // the config as sent: the account object parses it itself (and moves secrets out of it)
  const sent = (await c.req.json()) as { config?: Record<string, unknown> };
  const id = await mintAccountId(c.env, c.get("apiKey").owner);
  c.set("accountId", id);
  const view = unwrapRpc(
    await accountClient(c.env.ACCOUNT, id).register({
      id,
      owner: c.get("apiKey").owner,
      name: body.name,
      provider: body.provider,
      type: providerAccountType[body.provider],
      platformAccountId: body.platformAccountId ?? null,
      config: (sent.config ?? {}) as never,
      metadata: body.metadata ?? {},
      credentials: body.credentials ?? null,
      baseCurrency: body.baseCurrency,
      syncIntervalSeconds: body.syncIntervalSeconds ?? null,
    }),
  );
  return c.json(view, 201);
});

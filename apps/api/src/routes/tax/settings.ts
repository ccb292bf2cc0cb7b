import { createRoute } from "@hono/zod-openapi";
import { TaxSettings } from "@portfolio/core";
import { createDb, putTaxSettings } from "@portfolio/db";
import { createApp } from "../../create-app.js";
import { ApiError } from "../../errors/api-error.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scoped } from "../../middleware/auth.js";
import { ownerTaxSettings } from "../../tax/owner-lots.js";
import { ownAccounts } from "../../tax/tax-wire.js";
import { NoQuery } from "../no-query.js";

const Settings = TaxSettings.meta({ id: "TaxSettings" });

const getRoute = createRoute({
  operationId: "getTaxSettings",
  method: "get",
  path: "/settings",
  summary: "The owner's cost-basis method and settings",
  ...scoped("read"),
  request: { query: NoQuery },
  responses: {
    200: { description: "The settings", content: { "application/json": { schema: Settings } } },
    ...commonErrors,
  },
});

const putRoute = createRoute({
  operationId: "putTaxSettings",
  method: "put",
  path: "/settings",
  summary: "Set the owner's cost-basis method and settings",
  description:
    'Replaces the settings (what is left out takes its default). Reports recompute from the ledger with them on every request; nothing stored is rewritten. Per-account methods name the owner\'s own accounts and apply with `pooling: "account"`.',
  ...scoped("admin"),
  request: {
    query: NoQuery,
    body: { required: true, content: { "application/json": { schema: Settings } } },
  },
  responses: {
    200: { description: "Stored", content: { "application/json": { schema: Settings } } },
    ...commonErrors,
  },
});

export const getTaxSettings = createApp().openapi(getRoute, async (c) => {
  const db = createDb(c.env.DB);
  return c.json(await ownerTaxSettings(db, c.get("apiKey").owner), 200);
});

export const putTaxSettingsRoute = createApp().openapi(putRoute, async (c) => {
  const settings = c.req.valid("json");
  const owner = c.get("apiKey").owner;
  const db = createDb(c.env.DB);
  const named = Object.keys(settings.accountMethods);
  if (named.length > 100)
    throw new ApiError("VALIDATION_FAILED", "at most 100 per-account methods", {
      count: named.length,
    });
  if (named.length) await ownAccounts(db, owner, named);
  await putTaxSettings(db, owner, settings, new Date());
  return c.json(settings, 200);
});

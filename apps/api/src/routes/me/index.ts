import { createRoute, z } from "@hono/zod-openapi";
import { createApp } from "../../create-app.js";
import { commonErrors } from "../../errors/error-schema.js";
import { scopes } from "../../middleware/api-keys.js";
import { scoped } from "../../middleware/auth.js";
import { NoQuery } from "../no-query.js";

const KeySchema = z
  .object({
    keyId: z.string(),
    owner: z.string(),
    scopes: z
      .array(z.enum(scopes))
      .meta({ description: "what the key may do: a page offers only those" }),
  })
  .meta({ id: "CurrentKey" });

const route = createRoute({
  operationId: "getCurrentKey",
  method: "get",
  path: "/",
  summary: "The API key this request is made with: its id, owner and scopes",
  ...scoped("read"),
  request: { query: NoQuery },
  responses: {
    200: { description: "The key", content: { "application/json": { schema: KeySchema } } },
    ...commonErrors,
  },
});

export const meApp = createApp().openapi(route, (c) => {
  const key = c.get("apiKey");
  return c.json({ keyId: key.id, owner: key.owner, scopes: key.scopes }, 200);
});

import { Scalar } from "@scalar/hono-api-reference";
import { createApp } from "./create-app.js";
import { ApiError } from "./errors/api-error.js";
import { onError } from "./errors/on-error.js";
import { authenticate } from "./middleware/auth.js";
import { allowedMethods } from "./middleware/method-not-allowed.js";
import { rateLimitPerKey } from "./middleware/rate-limit.js";
import { assignRequestId } from "./middleware/request-id.js";
import { wideEvent } from "./middleware/wide-event.js";
import { openApiConfig } from "./openapi-config.js";
import { accountsApp } from "./routes/accounts/index.js";
import { balancesApp } from "./routes/balances/index.js";
import { healthApp } from "./routes/health/index.js";
import { meApp } from "./routes/me/index.js";
import { portfolioApp } from "./routes/portfolio/index.js";
import { pricesApp } from "./routes/prices/index.js";
import { taxApp } from "./routes/tax/index.js";
import { tradesApp } from "./routes/trades/index.js";
import { webhookEndpointsApp } from "./routes/webhook-endpoints/index.js";
import { webhooksApp } from "./routes/webhooks/index.js";

export const app = createApp();

app.use(assignRequestId);
app.use(wideEvent);
app.onError(onError);
app.notFound((c) => {
  const allowed = allowedMethods(app, c.req.path);
  if (allowed.length === 0) throw new ApiError("NOT_FOUND", "no such route");
  throw new ApiError(
    "METHOD_NOT_ALLOWED",
    `${c.req.method} is not allowed here`,
    { allowed },
    { Allow: allowed.join(", ") },
  );
});

app.route("/", healthApp);
// the API reference: the document, rendered with a working "try it" against this deployment;
// the renderer's bundle is one of the worker's static assets (no CDN)
app.get(
  "/docs",
  Scalar({
    url: "/openapi.json",
    cdn: "/assets/scalar-api-reference.js",
    pageTitle: "Portfolio Manager API",
  }),
);
app.route("/webhooks", webhooksApp);
app.use("/v1/*", authenticate, rateLimitPerKey);
app.route("/v1/accounts", accountsApp);
app.route("/v1/balances", balancesApp);
app.route("/v1/me", meApp);
app.route("/v1/portfolio", portfolioApp);
app.route("/v1/prices", pricesApp);
app.route("/v1/tax", taxApp);
app.route("/v1/trades", tradesApp);
app.route("/v1/webhooks", webhookEndpointsApp);

app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
});
// the server is where the document was read from: a generator and the reference's "try it"
// call the deployment that served it
app.doc31("/openapi.json", (c) => openApiConfig(new URL(c.req.url).origin));

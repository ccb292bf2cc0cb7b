/**
 * The OpenAPI document's top: what /openapi.json answers with (its server is the deployment
 * that served it) and what the typed client is generated from (no server: the client is told
 * where the API is).
 */
export function openApiConfig(origin?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Portfolio Manager API",
      version: "1.0.0",
      description:
        "What a trading bot holds, may spend and may trade, the fills it reports, and the portfolio's value, performance, P&L and tax, across Binance, EVM wallets and simulated accounts. Amounts are decimal strings; only ratios are numbers. Every error is the envelope `{ error: { code, message, requestId, details } }`; a method a path does not serve answers 405 with `Allow`, and a 429 or 503 carries `Retry-After`.",
    },
    ...(origin ? { servers: [{ url: origin, description: "this deployment" }] } : {}),
    security: [{ bearer: [] }],
  };
}

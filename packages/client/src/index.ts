import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
/** The document's named schemas: `Schemas["Balances"]`, `Schemas["TaxReport"]` … */
export type Schemas = components["schemas"];
export type PortfolioClient = Client<paths>;

export interface PortfolioClientOptions {
  /** where the API is, e.g. "https://portfolio.example.com" (no trailing /v1) */
  baseUrl: string;
  /** an API key: sent as `Authorization: Bearer …` on every request, nowhere else */
  apiKey: string;
  /** a fetch of your own (a Worker's service binding, a test's) */
  fetch?: ClientOptions["fetch"];
}

/**
 * A client of the Portfolio Manager API whose paths, parameters, bodies and answers are the
 * OpenAPI document's types (openapi-fetch): `client.GET("/v1/accounts/{id}/balances", { params:
 * { path: { id } } })` answers `{ data }` or `{ error }` with the error envelope.
 */
export function createPortfolioClient(options: PortfolioClientOptions): PortfolioClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

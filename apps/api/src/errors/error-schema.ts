import { z } from "@hono/zod-openapi";
import { JsonObject } from "@portfolio/core";
import { errorCodes } from "./api-error.js";

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      requestId: z.string(),
      details: JsonObject.optional(),
    }),
  })
  .meta({ id: "Error" });

/** An error answer of a route: the envelope, with what this status means there. */
export const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorEnvelopeSchema } },
});

/** The error responses every authenticated route can give. */
export const commonErrors = {
  400: errorResponse("Malformed JSON or a request that fails validation"),
  401: errorResponse("Missing or unknown API key"),
  403: errorResponse("The API key lacks the scope this route needs"),
  413: errorResponse("The body is over 64 KiB"),
  415: errorResponse("The body is not application/json"),
  429: errorResponse("Too many requests for this API key; `Retry-After` says when to try again"),
  500: errorResponse("Unexpected failure"),
  503: errorResponse(
    "The account's object or another dependency is briefly unavailable; nothing was applied, retry after `Retry-After` seconds",
  ),
} as const;

export const notFound = { 404: errorResponse("No such account (of this owner)") } as const;
/** The 404 of a route that names more than an account: `what` says what may be missing. */
export const notFoundOf = (what: string) => ({ 404: errorResponse(what) }) as const;
export const webhookNotFound = { 404: errorResponse("No such webhook endpoint") } as const;
export const conflict = { 409: errorResponse("Conflicts with what is stored") } as const;

const IDEMPOTENCY_CONFLICT =
  "The Idempotency-Key is held by a request still running (details.reason IDEMPOTENCY_KEY_IN_FLIGHT, with `Retry-After`) or was used with another body or route (details.reason IDEMPOTENCY_KEY_REUSED)";

/** The 409 of a route that takes an `Idempotency-Key`, beside the route's own conflicts if any. */
export function idempotencyConflict(own?: string) {
  return { 409: errorResponse(own ? `${own}. ${IDEMPOTENCY_CONFLICT}` : IDEMPOTENCY_CONFLICT) };
}
export const preconditionFailed = {
  412: errorResponse("The balances changed since the version in If-Match"),
} as const;
/** The 503 of a route whose answer needs prices (its own or the price service's candles). */
export const pricesUnavailable = {
  503: errorResponse(
    "Prices could not be had (the platform or the price store unreachable), or the account's object is briefly unavailable; retry after `Retry-After` seconds",
  ),
} as const;
/** The 503 of a route that must reach D1 or the platform before it answers. */
export const historyUnavailable = {
  503: errorResponse(
    "D1 (the account's history) or the platform could not be reached, or the account's object is briefly unavailable; nothing was changed, retry later",
  ),
} as const;

/** The error responses of a webhook: it is authenticated by its signature, not an API key. */
export const webhookErrors = {
  400: errorResponse("Malformed JSON or a payload that fails validation"),
  401: errorResponse("Missing signature, or one that does not match the raw body"),
  413: errorResponse("The body is over 1 MiB"),
  404: errorResponse("This deployment has no signing key for the provider"),
  500: errorResponse("Unexpected failure"),
} as const;

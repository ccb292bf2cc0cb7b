import { ApiError } from "./api-error.js";

type PriceFailure =
  | { ok: false; reason: "unreachable_base"; base: string; reachable: string[] }
  | { ok: false; reason: "unavailable"; message: string };

/**
 * The API's answer to a price service that could not price: a base no pair reaches is the
 * caller's 400 (naming the bases that are reachable), anything else is a 503.
 */
export function priceFailure(r: PriceFailure): ApiError {
  if (r.reason === "unreachable_base")
    return new ApiError("BAD_REQUEST", `no known pair reaches ${r.base}`, {
      base: r.base,
      reachable: r.reachable,
    });
  return new ApiError("UNAVAILABLE", `prices are unavailable: ${r.message}`);
}

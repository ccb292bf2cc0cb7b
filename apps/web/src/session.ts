import { createPortfolioClient, type PortfolioClient } from "@portfolio/client";

const KEY = "pm.apiKey";

/** The API key of this tab: in session storage only, sent only to this API. */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** A client of the API that served this page, with `key` (the stored one by default). */
export function apiClient(key = storedKey() ?? ""): PortfolioClient {
  return createPortfolioClient({ baseUrl: location.origin, apiKey: key });
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const MAX_URL_LENGTH = 2048;

/**
 * Why `raw` cannot be a webhook endpoint, or null when it can: an absolute `https:` URL without
 * user info or fragment. Plain `http:` is allowed only to 127.0.0.1, localhost or [::1], and
 * only when `allowHttpLocalhost` (WEBHOOKS_ALLOW_HTTP_LOCALHOST, for tests and `pnpm dev`).
 */
export function endpointUrlProblem(raw: string, allowHttpLocalhost: boolean): string | null {
  if (raw.length > MAX_URL_LENGTH) return `url is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "url is not an absolute URL";
  }
  if (url.username || url.password) return "url must not carry a user name or password";
  if (url.hash) return "url must not have a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowHttpLocalhost && LOCAL_HOSTS.has(url.hostname)) return null;
  if (url.protocol === "http:")
    return allowHttpLocalhost
      ? "url must use https (plain http only to 127.0.0.1, localhost or [::1])"
      : "url must use https";
  return "url must use https";
}

/** The one place WEBHOOKS_ALLOW_HTTP_LOCALHOST is read: "true" or "false" (unset is "false"). */
export function allowHttpLocalhost(value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new Error(`WEBHOOKS_ALLOW_HTTP_LOCALHOST must be "true" or "false", got ${value}`);
}

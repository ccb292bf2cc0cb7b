import type { AttemptOutcome } from "./delivery-policy.js";
import { signMessage } from "./signing.js";

export const USER_AGENT = "portfolio-webhooks/1";

export interface OutgoingMessage {
  url: string;
  /** the `webhook-id`: the event's id, the same on every retry and every endpoint */
  id: string;
  body: string;
  secret: string;
}

/** Seconds or an HTTP date, as Retry-After allows; 0 when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number {
  if (!header) return 0;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : 0;
}

/** A short description of a failed request: never the URL, a header or a secret. */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"))
    return `no answer within ${timeoutMs / 1000} s`;
  const message = err instanceof Error ? err.message : String(err);
  return `request failed: ${message.replace(/https?:\/\/\S+/g, "<url>").slice(0, 160)}`;
}

/**
 * One attempt: a POST of the signed body, redirects not followed, the answer's body not read.
 * 2xx is delivered, 410 Gone switches the endpoint off, anything else (another status, a
 * network failure, no answer within `timeoutMs`) is a failure to retry.
 */
export async function sendDelivery(
  msg: OutgoingMessage,
  opts: { fetch: typeof fetch; now: () => number; timeoutMs: number },
): Promise<AttemptOutcome> {
  const at = opts.now();
  let res: Response;
  try {
    res = await opts.fetch(msg.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        ...signMessage(msg.secret, msg.id, new Date(at), msg.body),
      },
      body: msg.body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    return {
      kind: "failed",
      status: null,
      error: describeFailure(err, opts.timeoutMs),
      retryAfterMs: 0,
    };
  }
  try {
    await res.body?.cancel();
  } catch {
    // the answer's body is never read
  }
  if (res.status >= 200 && res.status < 300) return { kind: "delivered", status: res.status };
  if (res.status === 410) return { kind: "gone", status: 410 };
  return {
    kind: "failed",
    status: res.status,
    error: `answered ${res.status}`,
    retryAfterMs:
      res.status === 429 || res.status === 503
        ? retryAfterMs(res.headers.get("retry-after"), opts.now())
        : 0,
  };
}

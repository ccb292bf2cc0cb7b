import type { AdapterError } from "../adapter-error.js";
import { type RpcEndpoint, rpcHost } from "./credentials.js";

/**
 * Pieces of a URL or header value shorter than this (`v2`, `Bearer`) are not secret, and taking
 * them out would garble messages; whole values and user parts from 4 characters on are.
 */
const MIN_PIECE = 8;
const REDACTED = "[redacted]";

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Every form in which a part of the endpoint could show up in a message. */
function secretsOf(endpoint: RpcEndpoint): { urls: string[]; pieces: string[] } {
  const urls = new Set([endpoint.url]);
  const pieces = new Set<string>();
  const piece = (s: string, min = MIN_PIECE) => {
    for (const form of [s, decoded(s), encodeURIComponent(decoded(s))])
      if (form.length >= min) pieces.add(form);
  };
  if (URL.canParse(endpoint.url)) {
    const u = new URL(endpoint.url);
    urls.add(u.toString());
    piece(u.username, 4);
    piece(u.password, 4);
    // viem shows the URL without its user part
    u.username = "";
    u.password = "";
    urls.add(u.toString());
    const tail = `${u.pathname}${u.search}${u.hash}`;
    if (tail !== "/") piece(tail, 2);
    for (const segment of u.pathname.split("/")) piece(segment);
    for (const [name, value] of u.searchParams) {
      piece(name);
      piece(value);
    }
  }
  for (const value of Object.values(endpoint.headers)) {
    piece(value, 4);
    for (const word of value.split(/[\s,;=:]+/)) piece(word);
  }
  for (const url of [...urls]) urls.add(encodeURIComponent(url));
  const longestFirst = (a: string, b: string) => b.length - a.length;
  return { urls: [...urls].sort(longestFirst), pieces: [...pieces].sort(longestFirst) };
}

/**
 * A function that takes the account's node URL (all but its host) and header values out of a
 * text. Platform errors quote the URL ("URL: …"), and a node may echo what it was sent; an
 * account's last error is shown to every reader of the account.
 */
export function secretRedactor(endpoint: RpcEndpoint): (text: string) => string {
  const { urls, pieces } = secretsOf(endpoint);
  const host = URL.canParse(endpoint.url) ? rpcHost(endpoint.url) : REDACTED;
  return (text) => {
    let out = text;
    for (const url of urls) out = out.split(url).join(host);
    for (const p of pieces) out = out.split(p).join(REDACTED);
    return out;
  };
}

/** The error with its message redacted and its cause replaced by a redacted copy of it. */
export function redactError(error: AdapterError, redact: (text: string) => string): AdapterError {
  const out: AdapterError = { ...error, message: redact(error.message) };
  if (error.cause !== undefined) {
    const c = error.cause;
    const copy = new Error(redact(c instanceof Error ? c.message : String(c)));
    copy.name = c instanceof Error ? c.name : "Error";
    out.cause = copy;
  }
  return out;
}

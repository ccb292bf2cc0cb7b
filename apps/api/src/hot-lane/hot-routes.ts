import { accountId } from "@portfolio/core";
import type { z } from "zod";
import type { ApiKey, Scope } from "../middleware/api-keys.js";
import { readBalances } from "../routes/accounts/balances.js";
import { checkTradeFor, TradeCheckBody } from "../routes/trades/check.js";

/**
 * What a hot route answers with (always 200: anything else is thrown as an ApiError): the JSON
 * text the account's object made, sent as it is.
 */
export interface HotAnswer {
  json: string;
  headers?: Record<string, string>;
}

/** The request's facts a hot route reads; it names its account for the log line. */
export interface HotCall {
  env: Env;
  key: ApiKey;
  /** the path's account id, when the path has one */
  pathId: string | undefined;
  /** the parsed and validated body, when the route takes one */
  body: unknown;
  log: { accountId?: string };
}

export interface HotRoute {
  scope: Scope;
  /** the body's schema; null when the route takes no body */
  body: z.ZodType | null;
  answer(call: HotCall): Promise<HotAnswer>;
}

const balances: HotRoute = {
  scope: "read",
  body: null,
  async answer({ env, key, pathId, log }) {
    const id = pathId ?? "";
    log.accountId = id;
    const { json, etag } = await readBalances(env, key.owner, id);
    return { json, headers: { ETag: etag } };
  },
};

const tradeCheck: HotRoute = {
  scope: "trade",
  body: TradeCheckBody,
  async answer({ env, key, body, log }) {
    const trade = body as z.infer<typeof TradeCheckBody>;
    log.accountId = trade.accountId;
    return { json: await checkTradeFor(env, key.owner, trade) };
  },
};

export interface HotMatch {
  route: HotRoute;
  pathId: string | undefined;
  path: string;
}

const BALANCES_PATH = /^\/v1\/accounts\/([^/]+)\/balances$/;
/** the one JSON content type the hot lane reads; any other goes to the full app */
const PLAIN_JSON = /^application\/json(; ?charset=utf-8)?$/i;

/** The request's path, or null when it has a query (even an empty one). */
function pathOf(url: string): string | null {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  const path = start < 0 ? "/" : url.slice(start);
  return path.includes("?") ? null : path;
}

/**
 * The hot route `req` asks for when it has the plain shape the hot lane serves end to end (the
 * bots' balance read and trade check: exact path, valid id, no query, a body of plain
 * `application/json`); else null, and the full app serves it. Nothing is done before this decides, so every
 * other request (bad input included) meets the app's own checks in the app's own order.
 */
export function hotMatch(req: Request): HotMatch | null {
  if (req.method === "GET") {
    const path = pathOf(req.url);
    const id = path === null ? null : BALANCES_PATH.exec(path)?.[1];
    if (!path || !id || !accountId.safeParse(id).success) return null;
    return { route: balances, pathId: id, path };
  }
  if (req.method === "POST") {
    const path = pathOf(req.url);
    if (path !== "/v1/trades/check" || !PLAIN_JSON.test(req.headers.get("content-type") ?? ""))
      return null;
    return { route: tradeCheck, pathId: undefined, path };
  }
  return null;
}

import { validationError } from "../create-app.js";
import { errorAnswer } from "../errors/on-error.js";
import type { ApiKey } from "../middleware/api-keys.js";
import { apiKeyOf, assertScope, knownApiKey } from "../middleware/auth.js";
import { JSON_BODY_LIMIT, parseCleanJson, readCapped } from "../middleware/body-guard.js";
import { admitKey } from "../middleware/rate-limit.js";
import { requestIdOf } from "../middleware/request-id.js";
import { logRequest } from "../middleware/wide-event.js";
import { JSON_CONTENT_TYPE } from "../rpc-result.js";
import type { HotMatch } from "./hot-routes.js";

/**
 * Serves a hot route without the router: the same steps as the app's middleware chain, in the
 * same order, through the same functions (request id, API key, rate limit, scope, clean JSON,
 * the route's schema, ownership, the error envelope, the log line). The bots' most frequent
 * calls skip only the router's and context's own cost, which was most of their time above the
 * runtime's floor (`BENCH_PROFILE=1 pnpm bench`).
 */
export async function serveHot(
  req: Request,
  env: Env,
  ctx: ExecutionContext,
  { route, pathId, path }: HotMatch,
): Promise<Response> {
  const started = Date.now();
  const requestId = requestIdOf(req.headers.get("x-request-id"));
  const log: { accountId?: string } = {};
  let key: ApiKey | undefined;
  let errorCode: string | undefined;
  let res: Response;
  try {
    const authorization = req.headers.get("authorization");
    key = knownApiKey(authorization, env) ?? (await apiKeyOf(authorization, env));
    admitKey(env, key.id, (p) => ctx.waitUntil(p));
    assertScope(key, route.scope);
    let body: unknown;
    if (route.body) {
      const parsed = route.body.safeParse(parseCleanJson(await readCapped(req, JSON_BODY_LIMIT)));
      if (!parsed.success) throw validationError("json", parsed.error);
      body = parsed.data;
    }
    const answer = await route.answer({ env, key, pathId, body, log });
    res = new Response(answer.json, {
      headers: { "Content-Type": JSON_CONTENT_TYPE, "X-Request-Id": requestId, ...answer.headers },
    });
  } catch (err) {
    const a = errorAnswer(err instanceof Error ? err : new Error(String(err)), requestId);
    errorCode = a.code;
    res = Response.json(a.envelope, {
      status: a.status,
      headers: { ...a.headers, "X-Request-Id": requestId },
    });
  }
  logRequest({
    requestId,
    method: req.method,
    path,
    status: res.status,
    durationMs: Date.now() - started,
    keyId: key?.id,
    accountId: log.accountId,
    errorCode,
  });
  return res;
}

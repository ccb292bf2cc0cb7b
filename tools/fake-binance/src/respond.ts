import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HonoEnv } from "./env.ts";
import { BinanceError } from "./route-kit.ts";

/** Big ids (convert orderId) go out as bare JSON numbers beyond 2^53, as Binance sends them. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (k, v) =>
    k === "orderId" && typeof v === "string" ? `__BIG__${v}` : v,
  ).replace(/"__BIG__(\d+)"/g, "$1");
}

/** Every answer: JSON as Binance labels it, with the used-weight headers once weight is charged. */
export function answer(c: Context<HonoEnv>, status: number, payload: string): Response {
  return c.body(payload, status as ContentfulStatusCode, {
    "Content-Type": "application/json;charset=UTF-8",
    ...c.var.usedHeaders,
  });
}

export const notFound = (c: Context<HonoEnv>) =>
  answer(c, 404, toJson({ code: -1, msg: "Not found" }));

/** A Binance error as Binance answers it; anything else broke the stand-in itself (-1000). */
export function failure(err: Error, c: Context<HonoEnv>): Response {
  if (err instanceof BinanceError)
    return answer(c, err.status, toJson({ code: err.code, msg: err.message }));
  return new Response(
    JSON.stringify({
      code: -1000,
      msg: `An unknown error occurred while processing the request. ${String(err)}`,
    }),
    { status: 500, headers: { "Content-Type": "application/json" } },
  );
}

/**
 * The request target as the client sent it ("/path?query"): node's raw URL, not the re-encoded
 * one a Request carries, so routing and signatures see exactly what was signed and sent.
 */
export function requestTarget(req: Request, env: Partial<HttpBindings> | undefined): string {
  return env?.incoming?.url ?? req.url.slice(req.url.indexOf("/", req.url.indexOf("//") + 2));
}

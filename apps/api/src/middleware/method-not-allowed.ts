import type { Hono } from "hono";
import type { HonoEnv } from "../hono-env.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A route path (`/v1/accounts/:id`, `/docs/*`) as a regular expression over request paths. */
function pathPattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((part) =>
      part === "*"
        ? ".*"
        : part.startsWith(":")
          ? "[^/]+"
          : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods the app answers for `path`, from its own route table (middleware registered for
 * every method is not a route). Empty when no route has this path: then it is a 404, not a 405.
 */
export function allowedMethods(app: Hono<HonoEnv>, path: string): string[] {
  const allowed = new Set<string>();
  for (const r of app.routes) {
    const method = r.method.toUpperCase();
    if (!(METHODS as readonly string[]).includes(method)) continue;
    if (pathPattern(r.path).test(path)) allowed.add(method);
  }
  if (allowed.has("GET")) allowed.add("HEAD");
  return [...allowed].sort();
}

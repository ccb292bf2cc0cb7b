import { OpenAPIHono } from "@hono/zod-openapi";
import { toJson } from "@portfolio/core";
import { ApiError } from "./errors/api-error.js";
import type { HonoEnv } from "./hono-env.js";

/**
 * An OpenAPIHono whose validation failures become the error envelope (400 VALIDATION_FAILED,
 * with each issue's path and message), so every sub-app reports bad input the same way.
 */
export function createApp() {
  return new OpenAPIHono<HonoEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.map(String).join("."),
          message: i.message,
        }));
        throw new ApiError(
          "VALIDATION_FAILED",
          `invalid ${result.target}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`,
          { issues: toJson(issues) },
        );
      }
    },
  });
}

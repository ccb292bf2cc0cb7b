import { OpenAPIHono } from "@hono/zod-openapi";
import { toJson } from "@portfolio/core";
import type { z } from "zod";
import { ApiError } from "./errors/api-error.js";
import type { HonoEnv } from "./hono-env.js";

/** 400 VALIDATION_FAILED for input that failed its schema, with each issue's path and message. */
export function validationError(target: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));
  return new ApiError(
    "VALIDATION_FAILED",
    `invalid ${target}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}`,
    { issues: toJson(issues) },
  );
}

/**
 * An OpenAPIHono whose validation failures become the error envelope, so every sub-app reports
 * bad input the same way.
 */
export function createApp() {
  return new OpenAPIHono<HonoEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error);
    },
  });
}

import { z } from "zod";

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

function isJsonValue(v: unknown, depth = 0): v is JsonValue {
  if (depth > 32) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.values(v).every((x) => isJsonValue(x, depth + 1));
  }
  return false;
}

/**
 * JSON values: what config, metadata and error details may hold. A custom check rather than
 * `z.json()`, whose recursive definition OpenAPI generators cannot walk.
 */
export const JsonValue = z
  .custom<JsonValue>((v) => isJsonValue(v), "expected a JSON value")
  .meta({
    id: "JsonValue",
    description: "any JSON value",
    type: ["string", "number", "boolean", "null", "array", "object"],
  });
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = { [key: string]: JsonValue };

/** A JSON copy of anything serialisable (drops undefined, functions, class identity). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

import { z } from "zod";

/** JSON values: what config, metadata and error details may hold (and what RPC can carry). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;
export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/** A JSON copy of anything serialisable (drops undefined, functions, class identity). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

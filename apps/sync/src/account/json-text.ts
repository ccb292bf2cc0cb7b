import type { RpcResult } from "../rpc-types.js";

/**
 * An answer whose value goes to the API as JSON text, which the API sends as it is: one string
 * crosses RPC instead of every field of the value, copied once on each side (`perf` over
 * `pnpm bench`). `extra` adds what the API needs besides the body (a balance read's version,
 * for its ETag).
 */
export function asJsonText<T, E extends object>(
  r: RpcResult<T>,
  extra: (value: T) => E,
): RpcResult<{ json: string } & E> {
  return r.ok ? { ok: true, value: { json: JSON.stringify(r.value), ...extra(r.value) } } : r;
}

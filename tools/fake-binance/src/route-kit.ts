import type { ApiKeyConfig, FakeBinance } from "./server.ts";
import type { Bucket } from "./weights.ts";

/** What the local Binance's REST routes are made of: their table entry, context and errors. */
export interface Route {
  weight: number | ((q: URLSearchParams) => number);
  bucket: Bucket;
  signed: boolean;
  method: "GET" | "POST";
  handle: (ctx: Ctx) => unknown;
}

export interface Ctx {
  q: URLSearchParams;
  now: number;
  fake: FakeBinance;
  /** the key a signed request was signed with */
  apiKey: ApiKeyConfig | null;
}

export class BinanceError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, msg: string) {
    super(msg);
    this.status = status;
    this.code = code;
  }
}

export const bad = (code: number, msg: string) => new BinanceError(400, code, msg);
export const mandatory = (name: string) =>
  bad(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
export const DAY = 86_400_000;

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v))
    throw bad(
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  return Number(v);
}

export function limitParam(q: URLSearchParams, def: number, max: number): number {
  const limit = intParam(q, "limit") ?? def;
  if (limit < 1 || limit > max)
    throw bad(-1130, `Invalid data sent for a parameter: limit must be 1..${max}.`);
  return limit;
}

/** [start, end] of a history query: defaults and the maximum span Binance enforces. */
export function window(
  q: URLSearchParams,
  now: number,
  maxMs: number,
  what: string,
): [number, number] {
  const s = intParam(q, "startTime");
  const e = intParam(q, "endTime");
  const end = e ?? (s !== undefined ? Math.min(now, s + maxMs) : now);
  const start = s ?? end - maxMs;
  if (end - start > maxMs) throw bad(-1127, `More than ${what} between startTime and endTime.`);
  return [start, end];
}

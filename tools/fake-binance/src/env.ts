import type { KeyObject } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import type { Route } from "./route-kit.ts";
import type { ApiKeyConfig, FakeBinance } from "./server.ts";
import type { Verdict } from "./weights.ts";

/** One stand-in: its state, its keys and its clock, reached by every request it serves. */
export interface StandIn {
  fake: FakeBinance;
  keys: ApiKeyConfig[];
  /** each key's Ed25519 public key, parsed once (null for an HMAC key) */
  edKeys: Map<string, KeyObject | null>;
  /** the real clock; clockSkewMs shifts only the time the server goes by */
  realNow: () => number;
}

/** A REST call as its route's middleware see it. */
export interface BinanceCall {
  route: Route;
  /** the query string as sent (what a signature signs) and the form body */
  rawQuery: string;
  body: string;
  /** the query's and the body's parameters together */
  q: URLSearchParams;
  weight: number;
  /** the server's time: real time + clockSkewMs */
  now: number;
}

export type HonoEnv = {
  /** node's request and response (@hono/node-server); none through `app.request()` */
  Bindings: Partial<HttpBindings>;
  Variables: {
    stand: StandIn;
    call: BinanceCall;
    verdict: Verdict;
    /** the used-weight headers every answer carries once the weight is charged */
    usedHeaders: Record<string, string> | undefined;
    /** the key a signed request was signed with */
    apiKey: ApiKeyConfig | null;
    /** an admin call's JSON body */
    input: Record<string, unknown>;
  };
};

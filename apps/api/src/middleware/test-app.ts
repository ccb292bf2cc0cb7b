import { Hono } from "hono";
import { onError } from "../errors/on-error.js";
import type { HonoEnv } from "../hono-env.js";
import { assignRequestId } from "./request-id.js";

/** The tokens of the Node tests' keys and the SHA-256 of each (`printf %s TOKEN | sha256sum`). */
export const TEST_KEYS = {
  read: {
    token: "pm_node_test_read_key_0001",
    sha256: "7e4c62ae82937b397951aa750e154fd2fe617820fcea9541de36a99970582bba",
  },
  trade: {
    token: "pm_node_test_trade_key_0002",
    sha256: "462fe9c62c92fa1dd19cd5b7213fbf835f12a2392d02241b19afbe57c8eea06f",
  },
} as const;

/** The bindings a Node test hands `app.request()`: two keys, a read-only one and a trade one. */
export const testEnv = {
  API_KEYS: JSON.stringify([
    { id: "key_read", sha256: TEST_KEYS.read.sha256, scopes: ["read"], owner: "alice" },
    { id: "key_trade", sha256: TEST_KEYS.trade.sha256, scopes: ["read", "trade"], owner: "alice" },
  ]),
} as unknown as Env;

/** A Hono app with the API's request id and error envelope, for one middleware's test. */
export function testApp(): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  app.use(assignRequestId);
  app.onError(onError);
  return app;
}

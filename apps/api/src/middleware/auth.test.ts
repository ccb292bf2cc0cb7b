import { describe, expect, it } from "vitest";
import { apiKeyOf, authenticate, knownApiKey, requireScope } from "./auth.js";
import { TEST_KEYS, testApp, testEnv } from "./test-app.js";

const app = testApp();
app.use("/v1/*", authenticate);
app.use("/v1/read", ...requireScope("read"));
app.get("/v1/read", (c) => c.json({ owner: c.get("apiKey").owner }));
app.use("/v1/trade", ...requireScope("trade"));
app.post("/v1/trade", (c) => c.json({ key: c.get("apiKey").id }));

const call = (path: string, token?: string, init: RequestInit = {}) =>
  app.request(
    path,
    { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) } },
    testEnv,
  );

describe("API-key authentication", () => {
  it("answers 401 in the envelope without a key", async () => {
    const r = await call("/v1/read");
    expect(r.status).toBe(401);
    const body = (await r.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(body.error.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("answers 401 to a token whose SHA-256 is no configured key", async () => {
    const r = await call("/v1/read", "pm_node_test_unknown_key_09");
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
      "unknown API key",
    );
  });

  it("refuses a header that is not a bearer token", async () => {
    const r = await app.request(
      "/v1/read",
      { headers: { authorization: `Basic ${TEST_KEYS.read.token}` } },
      testEnv,
    );
    expect(r.status).toBe(401);
  });

  it("knows a key by the SHA-256 of its token and gives the route its owner", async () => {
    const r = await call("/v1/read", TEST_KEYS.read.token);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ owner: "alice" });
  });

  it("answers 403 naming the scope a key lacks", async () => {
    const r = await call("/v1/trade", TEST_KEYS.read.token, { method: "POST" });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({
      error: { code: "FORBIDDEN", details: { required: "trade" } },
    });
  });

  it("lets a key with the scope through", async () => {
    const r = await call("/v1/trade", TEST_KEYS.trade.token, { method: "POST" });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ key: "key_trade" });
  });

  it("checks the scope before it reads the body", async () => {
    const r = await app.request(
      "/v1/trade",
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${TEST_KEYS.read.token}`,
          "content-type": "application/json",
        },
        body: "{not json",
      },
      testEnv,
    );
    // a read key's body is never parsed: 403, not the 400 of malformed JSON
    expect(r.status).toBe(403);
  });

  it("answers 413 for a body over 64 KiB, and 400 for one that is not JSON", async () => {
    const post = (body: string) =>
      app.request(
        "/v1/trade",
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${TEST_KEYS.trade.token}`,
            "content-type": "application/json",
          },
          body,
        },
        testEnv,
      );
    const big = await post(JSON.stringify({ pad: "x".repeat(64 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", details: { limit: 65536 } },
    });
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("finds a token it matched before without hashing, and forgets it once its key is gone", async () => {
    const header = `Bearer ${TEST_KEYS.trade.token}`;
    expect((await apiKeyOf(header, testEnv)).id).toBe("key_trade");
    expect(knownApiKey(header, testEnv)?.id).toBe("key_trade");
    const keyRemoved = {
      API_KEYS: JSON.stringify(
        (JSON.parse(testEnv.API_KEYS) as { id: string }[]).filter((k) => k.id !== "key_trade"),
      ),
    } as unknown as Env;
    expect(knownApiKey(header, keyRemoved)).toBeUndefined();
    await expect(apiKeyOf(header, keyRemoved)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(knownApiKey(`Basic ${TEST_KEYS.trade.token}`, testEnv)).toBeUndefined();
  });
});

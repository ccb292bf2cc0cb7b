import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../errors/api-error.js";
import { authenticate } from "./auth.js";
import { TEST_KEYS, testApp, testEnv } from "./test-app.js";
import { READ_LOG_SAMPLE, wideEvent } from "./wide-event.js";

function appWithLog() {
  const app = testApp();
  app.use(wideEvent);
  app.use("/v1/*", authenticate);
  app.get("/v1/read", (c) => c.json({ ok: true }));
  app.post("/v1/write", (c) => {
    c.set("accountId", "acct_0000000000000001");
    return c.json({ ok: true }, 201);
  });
  app.post("/v1/fail", () => {
    throw new ApiError("CONFLICT", "taken");
  });
  return app;
}

const auth = { authorization: `Bearer ${TEST_KEYS.trade.token}` };

/** The request lines logged while `run` ran. */
async function lines(run: () => unknown): Promise<Record<string, unknown>[]> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  await run();
  const out = log.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>);
  log.mockRestore();
  return out.filter((l) => l.event === "request");
}

afterEach(() => vi.restoreAllMocks());

describe("the wide log line", () => {
  it("logs every write once, with who, what and how it ended, and never the token", async () => {
    const app = appWithLog();
    const logged = await lines(() =>
      app.request("/v1/write", { method: "POST", headers: auth }, testEnv),
    );
    expect(logged).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/v1/write",
        status: 201,
        keyId: "key_trade",
        accountId: "acct_0000000000000001",
        sampleRate: 1,
        requestId: expect.any(String),
        durationMs: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain(TEST_KEYS.trade.token);
  });

  it("logs every error with its code", async () => {
    const app = appWithLog();
    const logged = await lines(() =>
      app.request("/v1/fail", { method: "POST", headers: auth }, testEnv),
    );
    expect(logged).toEqual([
      expect.objectContaining({ status: 409, errorCode: "CONFLICT", sampleRate: 1 }),
    ]);
  });

  it("logs one in a hundred successful reads, each saying it stands for a hundred", async () => {
    const app = appWithLog();
    const logged = await lines(async () => {
      for (let i = 0; i < 5 * READ_LOG_SAMPLE; i++)
        await app.request("/v1/read", { headers: auth }, testEnv);
    });
    expect(logged).toHaveLength(5);
    for (const l of logged) expect(l).toMatchObject({ status: 200, sampleRate: 100 });
  });
});

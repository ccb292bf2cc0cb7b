import { describe, expect, it } from "vitest";
import { requestIdOf } from "./request-id.js";
import { testApp } from "./test-app.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the request id", () => {
  it("keeps a caller's short, plain X-Request-Id", () => {
    expect(requestIdOf("bot-7_order=42")).toBe("bot-7_order=42");
  });

  it.each([
    ["a newline (log injection)", "abc\ninjected"],
    ["a space", "a b"],
    ["65 characters", "a".repeat(65)],
    ["nothing", ""],
  ])("makes a new UUID instead of one with %s", (_label, sent) => {
    expect(requestIdOf(sent)).toMatch(UUID);
  });

  it("names every answer's request in X-Request-Id, errors included", async () => {
    const app = testApp();
    app.get("/ok", (c) => c.text(c.get("requestId")));
    const ok = await app.request("/ok", { headers: { "x-request-id": "mine-1" } });
    expect(ok.headers.get("x-request-id")).toBe("mine-1");
    expect(await ok.text()).toBe("mine-1");
    const missing = await app.request("/nowhere");
    expect(missing.headers.get("x-request-id")).toMatch(UUID);
  });
});

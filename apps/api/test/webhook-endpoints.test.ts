import { env } from "cloudflare:test";
import { receiverAdmin, waitFor } from "@portfolio/test-support";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { api } from "./http.js";

const freshPath = () => `/hooks/${crypto.randomUUID()}`;
const receiverUrl = (path: string) => `${env.WEBHOOK_RECEIVER_URL}${path}`;
const { received } = receiverAdmin(env.WEBHOOK_RECEIVER_URL);

async function create(body: Record<string, unknown>, token: "all" | "other" = "all") {
  const r = await api("POST", "/v1/webhooks", { body, token });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { id: string; secret: string; url: string };
}

describe("POST /v1/webhooks", () => {
  it("answers 201 with the endpoint and its secret, which list and get never show", async () => {
    const path = freshPath();
    const created = await create({
      url: receiverUrl(path),
      events: ["fill.recorded", "balances.changed"],
    });
    expect(created).toMatchObject({
      url: receiverUrl(path),
      events: ["fill.recorded", "balances.changed"],
      accountIds: null,
      active: true,
      disabledReason: null,
    });
    expect(created.id).toMatch(/^whk_[0-9a-z]{20}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await api("GET", `/v1/webhooks/${created.id}`);
    expect(got.status).toBe(200);
    const list = await api("GET", "/v1/webhooks");
    expect(list.status).toBe(200);
    expect(list.json.data.map((e: { id: string }) => e.id)).toContain(created.id);
    for (const text of [JSON.stringify(got.json), JSON.stringify(list.json)]) {
      expect(text).not.toContain(created.secret.slice("whsec_".length));
      expect(text).not.toContain('"secret"');
    }
    expect(got.json).toEqual({ ...created, secret: undefined, updatedAt: got.json.updatedAt });
  });

  it("refuses a url that is not https, an unknown event type and unknown fields with 400", async () => {
    const http = await api("POST", "/v1/webhooks", { body: { url: "http://hooks.example.com/x" } });
    expect(http.status).toBe(400);
    expect(http.json.error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(http.json.error.message).toContain("https");
    for (const body of [
      { url: "not a url" },
      { url: "https://hooks.example.com/x", events: ["nope"] },
      { url: "https://hooks.example.com/x", events: [] },
      { url: "https://hooks.example.com/x", accountIds: ["not-an-account"] },
      { url: "https://hooks.example.com/x", secret: "mine" },
      {},
    ]) {
      const r = await api("POST", "/v1/webhooks", { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const r = await api("POST", "/v1/webhooks", {
      rawBody: JSON.stringify({ url: `https://hooks.example.com/${"x".repeat(64 * 1024)}` }),
    });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("needs the admin scope to register, read to list deliveries", async () => {
    const body = { url: "https://hooks.example.com/scopes" };
    expect((await api("POST", "/v1/webhooks", { token: "read", body })).status).toBe(403);
    expect((await api("GET", "/v1/webhooks", { token: "read" })).status).toBe(403);
    const { id } = await create(body);
    expect((await api("GET", `/v1/webhooks/${id}/deliveries`, { token: "read" })).status).toBe(200);
    expect((await api("DELETE", `/v1/webhooks/${id}`, { token: "trade" })).status).toBe(403);
    expect((await api("DELETE", `/v1/webhooks/${id}`)).status).toBe(204);
  });

  it("refuses the 21st endpoint of an owner with 409 and says why", async () => {
    const existing = (await api("GET", "/v1/webhooks", { token: "other" })).json.data.length;
    const made: string[] = [];
    for (let i = existing; i < 20; i++)
      made.push((await create({ url: `https://hooks.example.com/limit/${i}` }, "other")).id);
    const r = await api("POST", "/v1/webhooks", {
      token: "other",
      body: { url: "https://hooks.example.com/limit/21" },
    });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: "CONFLICT", details: { limit: 20 } });
    expect(r.json.error.message).toContain("at most 20 webhook endpoints");
    for (const id of made)
      expect((await api("DELETE", `/v1/webhooks/${id}`, { token: "other" })).status).toBe(204);
  });
});

describe("a webhook endpoint", () => {
  it("receives a signed test event, listed as delivered with status 200", async () => {
    const path = freshPath();
    const { id, secret } = await create({ url: receiverUrl(path) });
    const sent = await api("POST", `/v1/webhooks/${id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ endpointId: id, eventType: "webhook.test" });
    const [req] = await waitFor(
      "the test delivery",
      () => received(path),
      (r) => r.length === 1,
    );
    const body = new Webhook(secret).verify(req?.body ?? "", req?.headers ?? {});
    expect(body).toMatchObject({ type: "webhook.test", data: { endpointId: id } });
    expect(req?.headers["webhook-id"]).toBe(sent.json.eventId);
    const list = await waitFor(
      "the delivery to be recorded",
      () => api("GET", `/v1/webhooks/${id}/deliveries?state=delivered`),
      (r) => r.json.data.length === 1,
    );
    expect(list.json).toMatchObject({
      data: [{ id: sent.json.id, state: "delivered", attempts: 1, lastStatus: 200 }],
      nextCursor: null,
    });
    expect((await api("GET", `/v1/webhooks/${id}/deliveries?state=pending`)).json.data).toEqual([]);
  });

  it("is a 404 on every route for another owner's key", async () => {
    const { id } = await create({ url: "https://hooks.example.com/owned" });
    const other = { token: "other" as const };
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${id}`],
      ["DELETE", `/v1/webhooks/${id}`],
      ["GET", `/v1/webhooks/${id}/deliveries`],
      ["POST", `/v1/webhooks/${id}/test`],
    ] as const) {
      const r = await api(method, path, other);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json.error.code).toBe("NOT_FOUND");
    }
    const list = await api("GET", "/v1/webhooks", other);
    expect(list.json.data.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await api("GET", `/v1/webhooks/${id}`)).status).toBe(200);
  });

  it("is gone after DELETE", async () => {
    const { id } = await create({ url: "https://hooks.example.com/deleted" });
    expect((await api("DELETE", `/v1/webhooks/${id}`)).status).toBe(204);
    expect((await api("GET", `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await api("DELETE", `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await api("GET", `/v1/webhooks/${id}/deliveries`)).status).toBe(404);
  });

  it("validates ids and the deliveries query", async () => {
    const { id } = await create({ url: "https://hooks.example.com/queries" });
    for (const path of [
      "/v1/webhooks/nope",
      `/v1/webhooks/${id}/deliveries?state=lost`,
      `/v1/webhooks/${id}/deliveries?limit=0`,
      `/v1/webhooks/${id}/deliveries?limit=101`,
      `/v1/webhooks/${id}/deliveries?cursor=not-ours`,
      `/v1/webhooks/${id}/deliveries?bogus=1`,
      `/v1/webhooks/${id}?bogus=1`,
    ]) {
      const r = await api("GET", path);
      expect(r.status, path).toBe(400);
      expect(r.json.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await api("GET", "/v1/webhooks/whk_00000000000000000000")).status).toBe(404);
  });
});

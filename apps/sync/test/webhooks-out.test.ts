import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { ReceivedRequest } from "@portfolio/test-support";
import { describe, expect, it } from "vitest";
import { sendDelivery } from "../src/webhooks/send-delivery.js";
import { WebhookStore } from "../src/webhooks/storage/webhook-store.js";
import { unwrap } from "./helpers.js";
import {
  answerNext,
  balancesEvent,
  clientOf,
  deliveries,
  freshOwner,
  freshPath,
  MINUTE,
  received,
  settled,
  setup,
  stubOf,
  syncEvent,
  verified,
  waitFor,
  waitOutBackoff,
} from "./webhook-helpers.js";

describe("webhook endpoints", () => {
  it("shows the signing secret once, at creation, and stores it sealed", async () => {
    const { owner, client, endpoint, secret } = await setup();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ active: true, events: null, accountIds: null });
    expect(endpoint.id).toMatch(/^whk_[0-9a-z]{20}$/);
    const listed = unwrap(await client.listEndpoints(owner));
    const got = unwrap(await client.getEndpoint(owner, endpoint.id));
    expect(listed.map((e) => e.id)).toEqual([endpoint.id]);
    for (const view of [...listed, got]) {
      expect(view).not.toHaveProperty("secret");
      expect(JSON.stringify(view)).not.toContain(secret.slice(6));
    }
    const stored = await runInDurableObject(stubOf(owner), (_i, state) =>
      state.storage.sql.exec<{ secret: string }>("SELECT secret FROM endpoints").one(),
    );
    expect(stored.secret).toMatch(/^v2\./);
    expect(stored.secret).not.toContain(secret.slice(6));
  });

  it("refuses a url that is not https, except plain http to the loopback here", async () => {
    const owner = freshOwner();
    const client = clientOf(owner);
    const http = await client.createEndpoint(owner, { url: "http://hooks.example.com/x" });
    expect(http).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    expect(!http.ok && http.error.message).toContain("https");
    const ftp = await client.createEndpoint(owner, { url: "ftp://hooks.example.com/x" });
    expect(ftp).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    const events = await client.createEndpoint(owner, {
      url: "https://hooks.example.com/x",
      events: ["nope" as never],
    });
    expect(events).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    expect(unwrap(await client.createEndpoint(owner, { url: "http://127.0.0.1:1/x" })).url).toBe(
      "http://127.0.0.1:1/x",
    );
  });

  it("refuses a 21st endpoint with a clear message", async () => {
    const owner = freshOwner();
    const client = clientOf(owner);
    for (let i = 0; i < 20; i++)
      unwrap(await client.createEndpoint(owner, { url: `https://hooks.example.com/${i}` }));
    const r = await client.createEndpoint(owner, { url: "https://hooks.example.com/21" });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: "CONFLICT",
        message: expect.stringContaining("at most 20"),
        details: { limit: 20 },
      },
    });
    expect(unwrap(await client.listEndpoints(owner))).toHaveLength(20);
  });

  it("keeps an owner's endpoints from any other owner", async () => {
    const { owner, endpoint, path } = await setup();
    const other = "someone-else";
    const foreign = clientOf(other);
    expect(await foreign.getEndpoint(other, endpoint.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(unwrap(await foreign.listEndpoints(other)).map((e) => e.id)).not.toContain(endpoint.id);
    expect(await foreign.deleteEndpoint(other, endpoint.id)).toMatchObject({ ok: false });
    expect(await foreign.listDeliveries(other, endpoint.id, { limit: 10 })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    // the owner's own object, addressed under another owner's name, answers nothing either
    const mine = clientOf(owner);
    expect(await mine.getEndpoint(other, endpoint.id)).toMatchObject({ ok: false });
    await mine.publish(other, [syncEvent()]);
    expect(await deliveries(owner, endpoint.id)).toEqual([]);
    expect(await received(path)).toEqual([]);
  });

  it("deletes an endpoint with its deliveries", async () => {
    const { owner, client, endpoint } = await setup();
    await client.publish(owner, [syncEvent()]);
    await settled(owner);
    unwrap(await client.deleteEndpoint(owner, endpoint.id));
    expect(await client.getEndpoint(owner, endpoint.id)).toMatchObject({ ok: false });
    expect(await client.listDeliveries(owner, endpoint.id, { limit: 10 })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(unwrap(await client.listEndpoints(owner))).toEqual([]);
  });

  it("stores nothing for an owner without endpoints", async () => {
    const owner = freshOwner();
    await clientOf(owner).publish(owner, [syncEvent()]);
    const tables = await runInDurableObject(stubOf(owner), (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray(),
    );
    expect(tables.filter((t) => !String(t.name).startsWith("_cf"))).toEqual([]);
  });
});

describe("webhook deliveries", () => {
  it("delivers a published event once, signed per Standard Webhooks, and lists it delivered", async () => {
    const { owner, path, client, endpoint, secret } = await setup();
    const event = syncEvent();
    await client.publish(owner, [event]);
    const [req] = await waitFor(
      "the delivery",
      () => received(path),
      (r) => r.length === 1,
    );
    expect(req?.method).toBe("POST");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["webhook-id"]).toBe(event.id);
    const body = verified(secret, req as ReceivedRequest);
    expect(body).toEqual({ type: "sync.state", timestamp: event.at, data: event });
    const [d] = await waitFor(
      "the delivery to be recorded",
      () => deliveries(owner, endpoint.id),
      (l) => l[0]?.state === "delivered",
    );
    expect(d).toMatchObject({
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: "sync.state",
      state: "delivered",
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(d?.id).toMatch(/^dlv_[0-9a-z]{20}$/);

    // the outbox sends the same batch again: nothing new
    await client.publish(owner, [event]);
    await settled(owner);
    expect(await deliveries(owner, endpoint.id)).toHaveLength(1);
    expect(await received(path)).toHaveLength(1);
  });

  it("retries with backoff until the endpoint answers 2xx", async () => {
    const { owner, path, client, endpoint, secret } = await setup();
    await answerNext(path, [{ status: 500 }, { status: 500 }]);
    await client.publish(owner, [syncEvent()]);

    const gaps: number[] = [];
    for (const attempt of [1, 2]) {
      const [d] = await waitFor(
        `attempt ${attempt}`,
        () => deliveries(owner, endpoint.id),
        (l) => l[0]?.attempts === attempt && l[0].lastStatus === 500,
      );
      expect(d).toMatchObject({ state: "pending", lastError: "answered 500" });
      const { alarm } = await settled(owner);
      const next = Date.parse(d?.nextAttemptAt ?? "");
      expect(alarm).toBe(next);
      gaps.push(next - Date.parse(d?.updatedAt ?? ""));
      await waitOutBackoff(owner);
      expect(await runDurableObjectAlarm(stubOf(owner))).toBe(true);
    }
    // equal jitter over 10 and 20 minutes: half to all of each
    expect(gaps[0]).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(gaps[0]).toBeLessThanOrEqual(10 * MINUTE);
    expect(gaps[1]).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(gaps[1]).toBeLessThanOrEqual(20 * MINUTE);

    const [d] = await deliveries(owner, endpoint.id);
    expect(d).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200, lastError: null });
    const reqs = await received(path);
    expect(reqs.map((r) => r.answer.status)).toEqual([500, 500, 200]);
    // the same message each time: one webhook-id, one body, each signed for its own attempt
    expect(new Set(reqs.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(reqs.map((r) => r.body)).size).toBe(1);
    for (const r of reqs) verified(secret, r);
    expect((await settled(owner)).alarm).toBeNull();
  });

  it("fails a delivery after 8 attempts", async () => {
    const { owner, path, client, endpoint } = await setup();
    await answerNext(
      path,
      Array.from({ length: 8 }, () => ({ status: 503 })),
    );
    await client.publish(owner, [syncEvent()]);
    await waitFor(
      "the first attempt",
      () => received(path),
      (r) => r.length === 1,
    );
    for (let attempt = 2; attempt <= 8; attempt++) {
      await settled(owner);
      await waitOutBackoff(owner);
      expect(await runDurableObjectAlarm(stubOf(owner))).toBe(true);
    }
    const [d] = await deliveries(owner, endpoint.id);
    expect(d).toMatchObject({ state: "failed", attempts: 8, lastStatus: 503, nextAttemptAt: null });
    expect(await received(path)).toHaveLength(8);
    expect((await settled(owner)).alarm).toBeNull();
  });

  it("switches the endpoint off when it answers 410 Gone", async () => {
    const { owner, path, client, endpoint } = await setup();
    await answerNext(path, [{ status: 410 }]);
    await client.publish(owner, [syncEvent()]);
    const [d] = await waitFor(
      "the 410",
      () => deliveries(owner, endpoint.id),
      (l) => l[0]?.state === "failed",
    );
    expect(d).toMatchObject({ attempts: 1, lastStatus: 410 });
    expect((await received(path)).map((r) => r.answer.status)).toEqual([410]);
    expect(unwrap(await client.getEndpoint(owner, endpoint.id))).toMatchObject({
      active: false,
      disabledReason: expect.stringContaining("410"),
    });
    await client.publish(owner, [syncEvent()]);
    await settled(owner);
    expect(await deliveries(owner, endpoint.id)).toHaveLength(1);
    expect(await received(path)).toHaveLength(1);
    expect(await client.sendTest(owner, endpoint.id)).toMatchObject({
      ok: false,
      error: { code: "CONFLICT" },
    });
  });

  it("sends only the event types and accounts each endpoint asks for", async () => {
    const owner = freshOwner();
    const client = clientOf(owner);
    const a1 = "acct_0000000000000000a001";
    const a2 = "acct_0000000000000000a002";
    const paths = { byType: freshPath(), byAccount: freshPath(), all: freshPath() };
    const url = (p: string) => `${env.WEBHOOK_RECEIVER_URL}${p}`;
    unwrap(await client.createEndpoint(owner, { url: url(paths.byType), events: ["sync.state"] }));
    unwrap(await client.createEndpoint(owner, { url: url(paths.byAccount), accountIds: [a1] }));
    unwrap(await client.createEndpoint(owner, { url: url(paths.all) }));
    const e1 = syncEvent(a1);
    const e2 = balancesEvent(a2);
    const e3 = balancesEvent(a1);
    await client.publish(owner, [e1, e2, e3]);
    const ids = async (p: string) => (await received(p)).map((r) => r.headers["webhook-id"]).sort();
    await waitFor(
      "all deliveries",
      () => received(paths.all),
      (r) => r.length === 3,
    );
    await settled(owner);
    expect(await ids(paths.byType)).toEqual([e1.id]);
    expect(await ids(paths.byAccount)).toEqual([e1.id, e3.id].sort());
    expect(await ids(paths.all)).toEqual([e1.id, e2.id, e3.id].sort());
  });

  it("does not send an event whose body is over 256 KiB", async () => {
    const { owner, path, client, endpoint } = await setup();
    const big = balancesEvent("acct_0000000000000000b001", 3_000);
    expect(JSON.stringify(big).length).toBeGreaterThan(256 * 1024);
    await client.publish(owner, [big]);
    const [d] = await deliveries(owner, endpoint.id);
    expect(d).toMatchObject({ state: "failed", attempts: 0, lastStatus: null });
    expect(d?.lastError).toContain("over the 256 KiB limit");
    await settled(owner);
    expect(await received(path)).toEqual([]);
  });

  it("counts a slow endpoint as a failed attempt once the timeout passes", async () => {
    const path = freshPath();
    await answerNext(path, [{ status: 200, delayMs: 5_000 }]);
    const started = Date.now();
    const outcome = await sendDelivery(
      {
        url: `${env.WEBHOOK_RECEIVER_URL}${path}`,
        id: "evt_slow",
        body: "{}",
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
      { fetch: (i, init) => fetch(i, init), now: () => Date.now(), timeoutMs: 500 },
    );
    expect(outcome).toEqual({
      kind: "failed",
      status: null,
      error: "no answer within 0.5 s",
      retryAfterMs: 0,
    });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect((await received(path)).map((r) => r.answer)).toEqual([{ status: 200, delayMs: 5_000 }]);
  });

  it("sends a webhook.test event to one endpoint on request", async () => {
    const { owner, path, client, endpoint, secret } = await setup({ events: ["fill.recorded"] });
    const d = unwrap(await client.sendTest(owner, endpoint.id));
    expect(d).toMatchObject({ eventType: "webhook.test", state: "pending", attempts: 0 });
    const [req] = await waitFor(
      "the test delivery",
      () => received(path),
      (r) => r.length === 1,
    );
    const body = verified(secret, req as ReceivedRequest);
    expect(body).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
    await settled(owner);
  });

  it("pages deliveries newest first and filters them by state", async () => {
    const { owner, client, endpoint } = await setup();
    const events = [syncEvent(), syncEvent(), syncEvent()];
    for (const e of events) await client.publish(owner, [e]);
    await waitFor(
      "three deliveries",
      () => deliveries(owner, endpoint.id),
      (l) => l.length === 3 && l.every((d) => d.state === "delivered"),
    );
    await settled(owner);
    const first = unwrap(await client.listDeliveries(owner, endpoint.id, { limit: 2 }));
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = unwrap(
      await client.listDeliveries(owner, endpoint.id, { limit: 2, cursor: first.nextCursor }),
    );
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.data, ...second.data];
    expect(new Set(all.map((d) => d.eventId))).toEqual(new Set(events.map((e) => e.id)));
    const times = all.map((d) => Date.parse(d.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(
      unwrap(await client.listDeliveries(owner, endpoint.id, { limit: 10, state: "failed" })).data,
    ).toEqual([]);
    expect(
      await client.listDeliveries(owner, endpoint.id, { limit: 10, cursor: "bogus" }),
    ).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
  });

  it("keeps delivery history for 7 days and at most the row limit, oldest dropped", async () => {
    const { owner, client, endpoint } = await setup();
    for (let i = 0; i < 3; i++) await client.publish(owner, [syncEvent()]);
    await waitFor(
      "three deliveries",
      () => deliveries(owner, endpoint.id),
      (l) => l.length === 3 && l.every((d) => d.state === "delivered"),
    );
    await settled(owner);
    const before = await deliveries(owner, endpoint.id);
    await runInDurableObject(stubOf(owner), (_i, state) =>
      WebhookStore.of(state.storage).prune(Date.now(), 7 * 86_400_000, 2),
    );
    const kept = await deliveries(owner, endpoint.id);
    expect(kept.map((d) => d.id)).toEqual(before.slice(0, 2).map((d) => d.id));
    const events = await runInDurableObject(stubOf(owner), (_i, state) =>
      state.storage.sql
        .exec("SELECT id FROM events")
        .toArray()
        .map((r) => r.id),
    );
    expect(events.sort()).toEqual(kept.map((d) => d.eventId).sort());
    await runInDurableObject(stubOf(owner), (_i, state) =>
      WebhookStore.of(state.storage).prune(Date.now() + 8 * 86_400_000, 7 * 86_400_000, 10_000),
    );
    expect(await deliveries(owner, endpoint.id)).toEqual([]);
  });
});

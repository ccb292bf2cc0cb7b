import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, simulatedAccountBody, type TokenName } from "./http.js";

const newKey = () => crypto.randomUUID();

function createAccount(body: unknown, key: string, token: TokenName = "all") {
  return api("POST", "/v1/accounts", { token, body, headers: { "idempotency-key": key } });
}

async function accountsNamed(name: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE name = ?")
    .bind(name)
    .first<number>("n")) as number;
}

describe("Idempotency-Key on POST /v1/accounts", () => {
  it("replays the first answer to the same key and body, and registers one account", async () => {
    const key = newKey();
    const body = simulatedAccountBody(2, { name: `idem-same-${key}` });
    const first = await createAccount(body, key);
    const second = await createAccount(body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json).toEqual(first.json);
    expect(await accountsNamed(body.name)).toBe(1);
  });

  it("keeps the answer for 24 hours from the first request", async () => {
    const key = newKey();
    expect(
      (await createAccount(simulatedAccountBody(2, { name: `idem-ttl-${key}` }), key)).status,
    ).toBe(201);
    const row = await env.DB.prepare(
      "SELECT status, created_at, expires_at FROM idempotency_keys WHERE key = ?",
    )
      .bind(key)
      .first<{ status: number; created_at: number; expires_at: number }>();
    expect(row?.status).toBe(201);
    expect((row?.expires_at ?? 0) - (row?.created_at ?? 0)).toBe(24 * 3_600_000);
  });

  it("answers 409 IDEMPOTENCY_KEY_REUSED to the same key with another body, creating nothing", async () => {
    const key = newKey();
    expect(
      (await createAccount(simulatedAccountBody(2, { name: `idem-a-${key}` }), key)).status,
    ).toBe(201);
    const other = simulatedAccountBody(2, { name: `idem-b-${key}` });
    const reused = await createAccount(other, key);
    expect(reused.status).toBe(409);
    expect(reused.json.error).toMatchObject({
      code: "CONFLICT",
      details: { reason: "IDEMPOTENCY_KEY_REUSED" },
    });
    expect(await accountsNamed(other.name)).toBe(0);
  });

  it("answers 409 IDEMPOTENCY_KEY_REUSED to the same key on another route", async () => {
    const key = newKey();
    expect(
      (await createAccount(simulatedAccountBody(2, { name: `idem-r-${key}` }), key)).status,
    ).toBe(201);
    const hook = await api("POST", "/v1/webhooks", {
      body: { url: "https://hooks.example.com/idem" },
      headers: { "idempotency-key": key },
    });
    expect(hook.status).toBe(409);
    expect(hook.json.error.details).toEqual({ reason: "IDEMPOTENCY_KEY_REUSED" });
  });

  it("keeps another owner's identical key independent", async () => {
    const key = newKey();
    const body = simulatedAccountBody(2, { name: `idem-owner-${key}` });
    const mine = await createAccount(body, key, "all");
    const theirs = await createAccount(body, key, "other");
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect(await accountsNamed(body.name)).toBe(2);
  });

  it("frees the key when the first request fails (a 400 is not kept)", async () => {
    const key = newKey();
    const bad = await createAccount({ ...simulatedAccountBody(2), name: "" }, key);
    expect(bad.status).toBe(400);
    const body = simulatedAccountBody(2, { name: `idem-retry-${key}` });
    const good = await createAccount(body, key);
    expect(good.status).toBe(201);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
    expect(await accountsNamed(body.name)).toBe(1);
  });

  it("creates once when two identical requests arrive at once", async () => {
    const key = newKey();
    const body = simulatedAccountBody(2, { name: `idem-race-${key}` });
    const answers = await Promise.all([createAccount(body, key), createAccount(body, key)]);
    const fresh = answers.filter((a) => a.status === 201 && !a.headers.get("idempotent-replayed"));
    expect(fresh).toHaveLength(1);
    for (const a of answers) {
      if (a === fresh[0]) continue;
      if (a.status === 409) {
        expect(a.json.error.details).toEqual({ reason: "IDEMPOTENCY_KEY_IN_FLIGHT" });
        expect(a.headers.get("retry-after")).toBe("1");
      } else {
        expect(a.status).toBe(201);
        expect(a.headers.get("idempotent-replayed")).toBe("true");
        expect(a.json.id).toBe(fresh[0]?.json.id);
      }
    }
    expect(await accountsNamed(body.name)).toBe(1);
  });

  it("answers 409 IDEMPOTENCY_KEY_IN_FLIGHT while the first request holds the key", async () => {
    const key = newKey();
    const body = simulatedAccountBody(2, { name: `idem-pending-${key}` });
    expect((await createAccount(body, key)).status).toBe(201);
    // the row as it is while its first request still runs: pending, within its lease
    await env.DB.prepare(
      "UPDATE idempotency_keys SET status = NULL, response_body = NULL, expires_at = ? WHERE key = ?",
    )
      .bind(Date.now() + 60_000, key)
      .run();
    const waiting = await createAccount(body, key);
    expect(waiting.status).toBe(409);
    expect(waiting.json.error).toMatchObject({
      code: "CONFLICT",
      details: { reason: "IDEMPOTENCY_KEY_IN_FLIGHT" },
    });
    expect(waiting.headers.get("retry-after")).toBe("1");
    expect(await accountsNamed(body.name)).toBe(1);
  });

  it("refuses a key that is empty, too long or not printable ASCII with 400", async () => {
    const name = `idem-badkey-${newKey()}`;
    for (const key of ['""', "k".repeat(256), "tab\there"]) {
      const r = await createAccount(simulatedAccountBody(2, { name }), key);
      expect(r.status, key).toBe(400);
      expect(r.json.error.code).toBe("VALIDATION_FAILED");
    }
    expect(await accountsNamed(name)).toBe(0);
  });

  it("reads a quoted key (the IETF draft's structured-field string) as the bare key", async () => {
    const key = newKey();
    const body = simulatedAccountBody(2, { name: `idem-quoted-${key}` });
    const bare = await createAccount(body, key);
    const quoted = await createAccount(body, `"${key}"`);
    expect(quoted.headers.get("idempotent-replayed")).toBe("true");
    expect(quoted.json.id).toBe(bare.json.id);
  });

  it("treats an expired key as new and purges expired rows as it writes", async () => {
    const key = newKey();
    const past = Date.now() - 1000;
    const stale = env.DB.prepare(
      "INSERT INTO idempotency_keys (id, owner_id, key, route, fingerprint, status, response_body, created_at, expires_at) VALUES (?, ?, ?, 'POST /v1/accounts', 'old', 201, '{\"id\":\"acct_expired\"}', ?, ?)",
    );
    await env.DB.batch([
      stale.bind("idem_expired00000000000000", "default", key, past - 86_400_000, past),
      ...[1, 2, 3].map((i) =>
        stale.bind(`idem_expired0000000000000${i}`, "someone", `k${i}`, past - 86_400_000, past),
      ),
    ]);
    const body = simulatedAccountBody(2, { name: `idem-expired-${key}` });
    const r = await createAccount(body, key);
    expect(r.status).toBe(201);
    expect(r.headers.get("idempotent-replayed")).toBeNull();
    expect(r.json.id).not.toBe("acct_expired");
    const left = await env.DB.prepare(
      "SELECT count(*) AS n FROM idempotency_keys WHERE expires_at <= ?",
    )
      .bind(Date.now())
      .first<number>("n");
    expect(left).toBe(0);
  });

  it("runs as usual without the header", async () => {
    const body = simulatedAccountBody(2, { name: `idem-none-${newKey()}` });
    expect((await api("POST", "/v1/accounts", { body })).status).toBe(201);
    expect((await api("POST", "/v1/accounts", { body })).status).toBe(201);
    expect(await accountsNamed(body.name)).toBe(2);
  });
});

describe("Idempotency-Key on the other creating routes", () => {
  it("holds funds once for a reservation sent twice with one key", async () => {
    const acct = await api("POST", "/v1/accounts", { body: simulatedAccountBody(2) });
    const id: string = acct.json.id;
    expect((await api("POST", `/v1/accounts/${id}/sync`)).status).toBe(200);
    const key = newKey();
    const hold = () =>
      api("POST", `/v1/accounts/${id}/reservations`, {
        body: { asset: "USDT", amount: "10", ttlSeconds: 60 },
        headers: { "idempotency-key": key },
      });
    const first = await hold();
    const second = await hold();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json.id).toBe(first.json.id);
    const list = await api("GET", `/v1/accounts/${id}/reservations`);
    expect(list.json.data.map((r: { id: string }) => r.id)).toEqual([first.json.id]);
  });

  it("registers one webhook endpoint for a POST sent twice with one key, keeping its secret out of the replay", async () => {
    const key = newKey();
    const url = `${env.WEBHOOK_RECEIVER_URL}/idem-${key}`;
    const send = () =>
      api("POST", "/v1/webhooks", { body: { url }, headers: { "idempotency-key": key } });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    // the signing secret is shown once: the stored answer for replays does not hold it
    expect(first.json.secret).toMatch(/^whsec_/);
    expect(second.json).toEqual({ ...first.json, secret: null });
    const stored = await env.DB.prepare("SELECT response_body FROM idempotency_keys WHERE key = ?")
      .bind(key)
      .first<{ response_body: string }>();
    expect(stored?.response_body).not.toContain(first.json.secret);
    const list = await api("GET", "/v1/webhooks");
    expect(list.json.data.filter((e: { url: string }) => e.url === url)).toHaveLength(1);
  });

  it("replays the first snapshot answer to a POST sent twice with one key", async () => {
    const key = newKey();
    const send = () =>
      api("POST", "/v1/portfolio/snapshots", { headers: { "idempotency-key": key } });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.json).toEqual(first.json);
  });

  it("declares the header and its 409 on each creating route in the OpenAPI document", async () => {
    const doc = (await api("GET", "/openapi.json", { token: null })).json;
    for (const [path, method] of [
      ["/v1/accounts", "post"],
      ["/v1/accounts/{id}/reservations", "post"],
      ["/v1/portfolio/snapshots", "post"],
      ["/v1/webhooks", "post"],
    ] as const) {
      const op = doc.paths[path][method];
      const header = op.parameters.find(
        (p: { in: string; name: string }) => p.in === "header" && p.name === "idempotency-key",
      );
      expect(header, `${method} ${path}`).toBeDefined();
      expect(op.responses["409"].description, `${method} ${path}`).toContain(
        "IDEMPOTENCY_KEY_REUSED",
      );
    }
  });
});

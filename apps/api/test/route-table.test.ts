import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, simulatedAccountBody, type TokenName } from "./http.js";

interface Operation {
  method: string;
  path: string;
  scope: string | null;
  hasBody: boolean;
  /** the statuses the document lists for it */
  documented: string[];
}

/** Every operation the OpenAPI document lists, with the scope its security requirement names. */
async function operations(): Promise<Operation[]> {
  const doc = (await (await SELF.fetch("https://api.test/openapi.json")).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: { bearer?: string[] }[];
          requestBody?: unknown;
          responses: Record<string, unknown>;
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      scope: op.security?.[0]?.bearer?.[0] ?? null,
      hasBody: op.requestBody !== undefined,
      documented: Object.keys(op.responses),
    })),
  );
}

/** A key lacking `scope` (read-only keys lack trade and admin; the admin-only key lacks read). */
const lacking: Record<string, TokenName> = { read: "admin", trade: "read", admin: "read" };

let accountId: string;
/** a live hold and a recorded fill of the owner's account (beforeAll): real ids, so a 404 to
 * another owner is about the account, not about an id nobody has */
let reservation: string;
const WEBHOOK = "whk_00000000000000000000";

/** A body each body-taking operation accepts; an operation missing here fails the table. */
function validBody(op: Operation): unknown {
  const key = `${op.method} ${op.path}`;
  const bodies: Record<string, unknown> = {
    "POST /v1/accounts": simulatedAccountBody(2),
    "POST /v1/accounts/{id}/transactions": {
      txId: "route-table-fill",
      txType: "deposit",
      asset: "USDT",
      amount: "1",
      timestamp: new Date().toISOString(),
    },
    "POST /v1/accounts/{id}/reservations": { asset: "USDT", amount: "1" },
    "PATCH /v1/accounts/{id}": { name: "Renamed by the route table" },
    "POST /v1/webhooks": { url: "https://hooks.example.com/route-table" },
    "PUT /v1/tax/settings": { method: "fifo" },
    "POST /v1/trades/check": {
      accountId,
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "0.001",
      price: "10",
    },
  };
  if (!(key in bodies)) throw new Error(`no example body for ${key}: add one to the table`);
  return bodies[key];
}

function concrete(path: string): string {
  return path
    .replace("{id}", accountId)
    .replace("{reservationId}", reservation)
    .replace("{txId}", "route-table-fill")
    .replace("{webhookId}", WEBHOOK);
}

/** The route answered `status` and its operation documents that status. */
function expectDocumented(op: Operation, status: number, code: string) {
  expect(status, `${op.method} ${op.path}`).toBe(Number(code));
  expect(op.documented, `${op.method} ${op.path} answers ${status}`).toContain(code);
}

const ownerBound = (op: Operation) => op.path.includes("{id}") || op.path === "/v1/trades/check";

let ops: Operation[];
beforeAll(async () => {
  const r = await api("POST", "/v1/accounts", { body: simulatedAccountBody(2) });
  expect(r.status).toBe(201);
  accountId = r.json.id;
  expect((await api("POST", `/v1/accounts/${accountId}/sync`)).status).toBe(200);
  const fill = validBody({ method: "POST", path: "/v1/accounts/{id}/transactions" } as Operation);
  expect((await api("POST", `/v1/accounts/${accountId}/transactions`, { body: fill })).status).toBe(
    201,
  );
  const hold = await api("POST", `/v1/accounts/${accountId}/reservations`, {
    body: { asset: "USDT", amount: "1", ttlSeconds: 3600 },
  });
  expect(hold.status).toBe(201);
  reservation = hold.json.id;
  ops = (await operations()).filter((o) => o.path.startsWith("/v1/"));
});

describe("every route of the OpenAPI document", () => {
  it("lists the /v1 routes, each with the scope it needs", () => {
    expect(ops.length).toBeGreaterThanOrEqual(14);
    for (const op of ops)
      expect(["read", "trade", "admin"], `${op.method} ${op.path}`).toContain(op.scope);
  });

  it("answers 401 without a key", async () => {
    for (const op of ops) {
      const r = await api(op.method, concrete(op.path), {
        token: null,
        ...(op.hasBody ? { body: validBody(op) } : {}),
      });
      expectDocumented(op, r.status, "401");
      expect(r.json.error.code).toBe("UNAUTHORIZED");
    }
  });

  it("answers 403 to a key without the route's scope", async () => {
    for (const op of ops) {
      const r = await api(op.method, concrete(op.path), {
        token: lacking[op.scope as string] as TokenName,
        ...(op.hasBody ? { body: validBody(op) } : {}),
      });
      expectDocumented(op, r.status, "403");
      expect(r.json.error).toMatchObject({ code: "FORBIDDEN", details: { required: op.scope } });
    }
  });

  it("answers 404 for another owner's account", async () => {
    const bound = ops.filter(ownerBound);
    expect(bound.length).toBeGreaterThanOrEqual(9);
    for (const op of bound) {
      const r = await api(op.method, concrete(op.path), {
        token: "other",
        ...(op.hasBody ? { body: validBody(op) } : {}),
      });
      expectDocumented(op, r.status, "404");
      expect(r.json.error.code).toBe("NOT_FOUND");
    }
    // the same hold and fill are there for their owner
    const release = await api("DELETE", concrete("/v1/accounts/{id}/reservations/{reservationId}"));
    expect(release.status).toBe(204);
    const voided = await api("POST", concrete("/v1/accounts/{id}/transactions/{txId}/void"));
    expect(voided.status).toBe(200);
  });

  it("answers 413 for a body over 64 KiB, before reading it", async () => {
    const big = JSON.stringify({ pad: "x".repeat(64 * 1024) });
    for (const op of ops.filter((o) => o.hasBody)) {
      const r = await api(op.method, concrete(op.path), { rawBody: big });
      expectDocumented(op, r.status, "413");
      expect(r.json.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", details: { limit: 65536 } });
    }
  });

  it("answers 415 for a body that is not JSON", async () => {
    for (const op of ops.filter((o) => o.hasBody)) {
      const r = await api(op.method, concrete(op.path), {
        rawBody: JSON.stringify(validBody(op)),
        headers: { "content-type": "text/plain" },
      });
      expectDocumented(op, r.status, "415");
      expect(r.json.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("answers 400 for a query parameter the route does not take", async () => {
    for (const op of ops) {
      const r = await api(op.method, `${concrete(op.path)}?bogus=1`, {
        ...(op.hasBody ? { body: validBody(op) } : {}),
      });
      expectDocumented(op, r.status, "400");
      expect(r.json.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers 409 IDEMPOTENCY_KEY_REUSED on every route taking an Idempotency-Key once it was used", async () => {
    const doc = (await (await SELF.fetch("https://api.test/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const keyed = ops.filter((op) =>
      doc.paths[op.path]?.[op.method.toLowerCase()]?.parameters?.some(
        (p) => p.in === "header" && p.name === "idempotency-key",
      ),
    );
    const create = keyed.find((op) => op.method === "POST" && op.path === "/v1/accounts");
    expect(create).toBeDefined();
    expect(keyed.length).toBeGreaterThanOrEqual(4);
    const headers = { "idempotency-key": crypto.randomUUID() };
    const first = await api("POST", "/v1/accounts", {
      body: validBody(create as Operation),
      headers,
    });
    expect(first.status).toBe(201);
    for (const op of keyed.filter((o) => o !== create)) {
      const r = await api(op.method, concrete(op.path), {
        headers,
        ...(op.hasBody ? { body: validBody(op) } : {}),
      });
      expectDocumented(op, r.status, "409");
      expect(r.json.error.details).toEqual({ reason: "IDEMPOTENCY_KEY_REUSED" });
    }
  });
});

import { describe, expect, it } from "vitest";
import { createPortfolioClient } from "./index.js";

/** A fetch that answers like the API would and remembers what it was asked. */
function fakeFetch(status: number, body: unknown) {
  const seen: Request[] = [];
  const f = async (input: Request) => {
    seen.push(input);
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
  return { seen, fetch: f as unknown as typeof fetch };
}

describe("createPortfolioClient", () => {
  it("sends the key as a bearer token to the path under the base URL", async () => {
    const api = fakeFetch(200, { status: "ok", d1: "ok" });
    const client = createPortfolioClient({
      baseUrl: "https://pm.example.com/",
      apiKey: "pm_key",
      fetch: api.fetch,
    });
    const r = await client.GET("/v1/accounts/{id}/balances", {
      params: { path: { id: "acct_0000000000000000" } },
    });
    expect(r.response.status).toBe(200);
    expect(api.seen[0]?.url).toBe(
      "https://pm.example.com/v1/accounts/acct_0000000000000000/balances",
    );
    expect(api.seen[0]?.headers.get("authorization")).toBe("Bearer pm_key");
  });

  it("answers an error envelope as `error`, not `data`", async () => {
    const envelope = { error: { code: "NOT_FOUND", message: "no account", requestId: "r" } };
    const client = createPortfolioClient({
      baseUrl: "https://pm.example.com",
      apiKey: "k",
      fetch: fakeFetch(404, envelope).fetch,
    });
    const r = await client.GET("/v1/accounts/{id}", {
      params: { path: { id: "acct_0000000000000000" } },
    });
    expect(r.data).toBeUndefined();
    expect(r.error).toEqual(envelope);
  });
});

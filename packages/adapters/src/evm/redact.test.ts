import { HttpRequestError, TimeoutError } from "viem";
import { describe, expect, it } from "vitest";
import { EvmConfig } from "./config.js";
import { EvmAdapter } from "./evm-adapter.js";
import { redactError, secretRedactor } from "./redact.js";
import { rpcFailure } from "./rpc-errors.js";

const KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const TOKEN = "hdr-token-5a4b3c2d1e0f";
const endpoint = {
  url: `https://ops:pa55word@node.example.com/v2/${KEY}?team=blue&auth=${KEY}`,
  headers: { Authorization: `Bearer ${TOKEN}` },
};
const SECRETS = [KEY, TOKEN, "pa55word", "ops:", "/v2/"];
const expectNoSecret = (text: string) => {
  for (const s of SECRETS) expect(text).not.toContain(s);
};

describe("EVM secret redaction", () => {
  const redact = secretRedactor(endpoint);

  it("takes the node's URL and headers out of viem's errors, whole, encoded or in pieces", () => {
    const url = endpoint.url.replace("ops:pa55word@", "");
    const errors = [
      new HttpRequestError({
        url,
        status: 401,
        body: { method: "eth_chainId" },
        details: `no access for ${KEY} (Bearer ${TOKEN})`,
      }),
      new TimeoutError({ url, body: { method: "eth_blockNumber" } }),
      new Error(`fetch failed: ${encodeURIComponent(endpoint.url)} ops pa55word`),
    ];
    for (const err of errors) {
      const failure = rpcFailure("chain id", err);
      const clean = redactError(failure.error, redact);
      expectNoSecret(clean.message);
      expectNoSecret(String((clean.cause as Error).message));
      expect((clean.cause as Error).name).toBe(err.name);
      expectNoSecret(redact(err.message));
      expect(redact(err.message)).toContain("https://node.example.com");
    }
    expect(redactError(rpcFailure("x", errors[0]).error, redact).message).toBe(
      "x: HTTP request failed: no access for [redacted] ([redacted])",
    );
  });

  it("leaves short words and the host alone", () => {
    expect(redact("v2 Bearer node.example.com query exceeds max block range 3")).toBe(
      "v2 Bearer node.example.com query exceeds max block range 3",
    );
  });
});

describe("EVM adapter and its node's credentials", () => {
  const cfg = EvmConfig.parse({
    chainId: 31337,
    addresses: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
    timeoutMs: 200,
  });
  const credentials = {
    rpcUrl: `http://127.0.0.1:9/v2/${KEY}`,
    "header:Authorization": `Bearer ${TOKEN}`,
    "header:X-Team": "blue",
  };

  it("sends the headers with every request, to the URL from the credentials", async () => {
    const seen: { url: string; headers: Headers }[] = [];
    const adapter = new EvmAdapter(
      cfg,
      {
        now: () => Date.now(),
        fetch: async (input, init) => {
          seen.push({ url: String(input), headers: new Headers(init?.headers) });
          const calls = JSON.parse(String(init?.body)) as { id: number }[] | { id: number };
          const answer = (c: { id: number }) => ({ jsonrpc: "2.0", id: c.id, result: "0x7a69" });
          return Response.json(Array.isArray(calls) ? calls.map(answer) : answer(calls));
        },
      },
      credentials,
    );
    expect(await adapter.validate()).toEqual({ ok: true, value: null });
    await adapter.getBalances();
    expect(seen.length).toBeGreaterThan(1);
    for (const r of seen) {
      expect(r.url).toBe(credentials.rpcUrl);
      expect(r.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(r.headers.get("x-team")).toBe("blue");
      expect(r.headers.get("content-type")).toBe("application/json");
    }
  });

  it("answers a failing node's error without any part of the secret path or headers", async () => {
    const failing = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Headers(init?.headers).get("authorization");
      // a node that echoes what it was sent, as some do
      return Response.json(
        { jsonrpc: "2.0", id: 1, error: { code: -32001, message: `key /v2/${KEY} with ${auth}` } },
        { status: 401 },
      );
    };
    const adapter = new EvmAdapter(cfg, { now: () => Date.now(), fetch: failing }, credentials);
    const results = [
      await adapter.validate(),
      await adapter.getBalances(),
      await adapter.getTransactions({ cursor: null, limit: 10 }),
      await new EvmAdapter(
        cfg,
        { now: () => Date.now(), fetch: () => Promise.reject(new TypeError(credentials.rpcUrl)) },
        credentials,
      ).getBalances(),
    ];
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expectNoSecret(r.error.message);
      expectNoSecret(JSON.stringify(r.error));
      expectNoSecret(String(r.error.cause));
    }
    expect(results[0]).toMatchObject({
      ok: false,
      error: {
        kind: "unavailable",
        message: expect.stringMatching(/^chain id: .+: key \[redacted\] with \[redacted\]$/),
      },
    });
  });
});

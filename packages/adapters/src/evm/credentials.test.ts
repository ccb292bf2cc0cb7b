import { describe, expect, it } from "vitest";
import { EvmConfig } from "./config.js";
import {
  EvmCredentials,
  evmPublicConfig,
  rpcEndpoint,
  rpcHost,
  splitEvmSecrets,
} from "./credentials.js";

const KEY = "alchemyKey0123456789abcdef";
const URL_WITH_KEY = `https://user:pass@eth-mainnet.g.alchemy.com:8443/v2/${KEY}?apikey=${KEY}#x`;
const base = {
  chainId: 1,
  addresses: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
};

describe("EVM credentials", () => {
  it("take rpcUrl and header:<Name> entries, and name what is wrong without its value", () => {
    expect(
      EvmCredentials.safeParse({ rpcUrl: URL_WITH_KEY, "header:X-Api-Key": "s3cret" }).success,
    ).toBe(true);
    const bad = EvmCredentials.safeParse({
      rpcUrl: `ftp://host/${KEY}`,
      apiKey: "s3cret-value",
      "header:Bad Name": "x",
      "header:Content-Type": "text/plain",
      "header:X-Split": "a\r\nInjected: s3cret-value",
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual([
      "rpcUrl must be an http(s) URL",
      'unknown credential "apiKey": expected rpcUrl or header:<Name>',
      '"header:Bad Name" does not name an HTTP header',
      '"header:Content-Type" is set by the transport and cannot be given',
      'the value of "header:X-Split" has a line break or NUL',
    ]);
    expect(JSON.stringify(bad.error?.issues)).not.toMatch(/s3cret|alchemyKey/);
  });

  it("show only scheme, host and port of the node", () => {
    expect(rpcHost(URL_WITH_KEY)).toBe("https://eth-mainnet.g.alchemy.com:8443");
    expect(rpcHost("http://127.0.0.1:8545/")).toBe("http://127.0.0.1:8545");
    expect(rpcHost("https://mainnet.infura.io/v3/abc")).toBe("https://mainnet.infura.io");
  });

  it("move the URL out of the config at registration, from either place, but not from both", () => {
    const fromCredentials = splitEvmSecrets(EvmConfig.parse(base), {
      rpcUrl: URL_WITH_KEY,
      "header:Authorization": "Bearer t",
    });
    expect(fromCredentials).toMatchObject({
      ok: true,
      config: { rpcHost: "https://eth-mainnet.g.alchemy.com:8443" },
      credentials: { rpcUrl: URL_WITH_KEY, "header:Authorization": "Bearer t" },
    });
    const fromConfig = splitEvmSecrets(EvmConfig.parse({ ...base, rpcUrl: URL_WITH_KEY }), null);
    expect(fromConfig).toMatchObject({ ok: true, credentials: { rpcUrl: URL_WITH_KEY } });
    for (const r of [fromCredentials, fromConfig]) {
      expect(r.ok && "rpcUrl" in r.config).toBe(false);
      expect(JSON.stringify(r.ok && r.config)).not.toContain(KEY);
    }
    expect(
      splitEvmSecrets(EvmConfig.parse({ ...base, rpcUrl: URL_WITH_KEY }), { rpcUrl: URL_WITH_KEY }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/once/) });
    expect(splitEvmSecrets(EvmConfig.parse(base), null)).toMatchObject({
      ok: false,
      message: "evm accounts need credentials.rpcUrl",
    });
  });

  it("read the URL from the credentials first, then from a config stored before", () => {
    const legacy = EvmConfig.parse({ ...base, rpcUrl: "http://old.example/key" });
    expect(rpcEndpoint(legacy, null)).toEqual({ url: "http://old.example/key", headers: {} });
    expect(
      rpcEndpoint(legacy, { rpcUrl: "http://new.example/key", "header:X-Api-Key": "v" }),
    ).toEqual({ url: "http://new.example/key", headers: { "X-Api-Key": "v" } });
    expect(() => rpcEndpoint(EvmConfig.parse(base), null)).toThrow(/credentials\.rpcUrl/);
  });

  it("show a config stored with its URL as the URL's host only", () => {
    const stored = { ...base, rpcUrl: URL_WITH_KEY, confirmations: 12 };
    expect(evmPublicConfig(stored)).toEqual({
      ...base,
      confirmations: 12,
      rpcHost: "https://eth-mainnet.g.alchemy.com:8443",
    });
    expect(evmPublicConfig({ ...base, rpcUrl: "not a url" })).toEqual(base);
    const current = { ...base, rpcHost: "https://node.example" };
    expect(evmPublicConfig(current)).toBe(current);
  });
});

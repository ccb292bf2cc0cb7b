import type { JsonObject } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { changeProviderConfig } from "./config-changes.js";
import { parseProviderConfig, registrationConfig } from "./create-adapter.js";

const WALLET = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const evmStored = () => {
  const r = parseProviderConfig("evm", { chainId: 1, addresses: [WALLET], rpcHost: "https://n" });
  if (!r.success) throw new Error("bad fixture");
  return JSON.parse(JSON.stringify(r.data));
};

describe("changing a registered account's config", () => {
  it("applies a field that may change and says which fields changed", () => {
    const r = changeProviderConfig("evm", evmStored(), { confirmations: 3, tokens: [] });
    expect(r).toMatchObject({ ok: true, changed: ["confirmations"] });
    expect(r.ok && r.config.confirmations).toBe(3);
    expect(r.ok && r.config.chainId).toBe(1);
  });

  it("refuses a new chain id or address list, saying to register a new account", () => {
    const patches: JsonObject[] = [
      { chainId: 5 },
      { addresses: [WALLET, WALLET.replace("70", "71")] },
    ];
    for (const patch of patches) {
      const r = changeProviderConfig("evm", evmStored(), patch);
      expect(r).toMatchObject({
        ok: false,
        message: expect.stringMatching(/cannot change.*Register a new account/),
        details: { reason: "IMMUTABLE_CONFIG", fields: Object.keys(patch) },
      });
    }
  });

  it("accepts a field that may not change when it is given with its stored value", () => {
    expect(
      changeProviderConfig("evm", evmStored(), { chainId: 1, confirmations: 2 }),
    ).toMatchObject({
      ok: true,
      changed: ["confirmations"],
    });
  });

  it("puts a field back to its default when the patch sets it to null", () => {
    const stored = evmStored();
    const changed = changeProviderConfig(
      "evm",
      { ...stored, confirmations: 40 },
      { confirmations: null },
    );
    expect(changed.ok && changed.config.confirmations).toBe(12);
  });

  it("sends the node's URL to the credentials", () => {
    expect(changeProviderConfig("evm", evmStored(), { rpcUrl: "https://other" })).toMatchObject({
      ok: false,
      details: { reason: "NODE_URL_IS_A_CREDENTIAL" },
    });
  });

  it("lets a simulated account change its failure rate only", () => {
    const r = registrationConfig("simulated", {}, { accountId: "acct_x", now: Date.now() });
    if (!r.success) throw new Error("bad fixture");
    const stored = JSON.parse(JSON.stringify(r.data));
    expect(changeProviderConfig("simulated", stored, { failureRate: 0.5 })).toMatchObject({
      ok: true,
    });
    expect(changeProviderConfig("simulated", stored, { seed: "another" })).toMatchObject({
      ok: false,
      details: { fields: ["seed"] },
    });
  });

  it("lets Binance pacing change but not the exchange it talks to", () => {
    const r = parseProviderConfig("binance", {});
    if (!r.success) throw new Error("bad fixture");
    const stored = JSON.parse(JSON.stringify(r.data));
    expect(
      changeProviderConfig("binance", stored, {
        recvWindow: 5000,
        weightShare: 0.5,
        overlapDays: 1,
      }),
    ).toMatchObject({ ok: true, changed: ["recvWindow", "weightShare", "overlapDays"] });
    expect(
      changeProviderConfig("binance", stored, { baseUrl: "https://testnet.binance.vision" }),
    ).toMatchObject({ ok: false, details: { fields: ["baseUrl"] } });
  });

  it("refuses a field the provider does not have", () => {
    expect(changeProviderConfig("manual", {}, { seed: "x" })).toMatchObject({
      ok: false,
      message: "invalid provider config",
    });
  });
});

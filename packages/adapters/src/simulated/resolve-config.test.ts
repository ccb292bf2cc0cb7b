import { describe, expect, it } from "vitest";
import { SimulatedConfig } from "./config.js";
import { resolveSimulatedConfig } from "./resolve-config.js";
import { SimulatedAdapter } from "./simulated-adapter.js";

const ctx = { accountId: "acct_0123456789abcdef", now: Date.parse("2026-03-31T17:42:09.123Z") };

describe("resolveSimulatedConfig", () => {
  it("needs no config: seeds with the account id and opens 30 days back, on the hour", () => {
    const r = resolveSimulatedConfig({}, ctx);
    expect(r.success && r.data).toEqual({
      seed: "acct_0123456789abcdef",
      start: "2026-03-01T17:00:00.000Z",
      stepSeconds: 3600,
      assets: ["BTC", "ETH", "SOL"],
      initialDeposit: "10000",
      failureRate: 0,
    });
  });

  it("keeps a seed and a start it is given", () => {
    const r = resolveSimulatedConfig({ seed: "demo", start: "2025-01-01T00:00:00Z" }, ctx);
    expect(r.success && [r.data.seed, r.data.start]).toEqual(["demo", "2025-01-01T00:00:00Z"]);
  });

  it("answers what is wrong, as parseProviderConfig does", () => {
    const r = resolveSimulatedConfig({ stepSeconds: 1, colour: "red" }, ctx);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.code).sort()).toEqual(["too_small", "unrecognized_keys"]);
  });

  it("gives a config that stores, reads back and builds an adapter", async () => {
    const r = resolveSimulatedConfig({}, ctx);
    if (!r.success) throw r.error;
    const stored = SimulatedConfig.parse(JSON.parse(JSON.stringify(r.data)));
    const adapter = new SimulatedAdapter(stored, () => ctx.now);
    const page = await adapter.getTransactions({ cursor: null, limit: 1 });
    expect(page.ok && page.value.transactions[0]?.timestamp).toBe("2026-03-01T17:00:00.000Z");
    expect(() => new SimulatedAdapter(SimulatedConfig.parse({}), () => ctx.now)).toThrow(
      /seed and start/,
    );
  });
});

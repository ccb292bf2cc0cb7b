import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  waitOnExecutionContext,
} from "cloudflare:test";
import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import worker from "../src/worker.js";
import { accountStub, rawStub, simulatedInput, unwrap } from "./helpers.js";

describe("scheduled portfolio snapshots", () => {
  it("writes one snapshot per owner with the breakdown and every known price, once per minute", async () => {
    const a = simulatedInput(5, { owner: "snap-owner" });
    const b = simulatedInput(9, { owner: "snap-owner" }, { seed: "other-seed" });
    for (const input of [a, b]) {
      unwrap(await accountStub(input.id).register(input));
      await runDurableObjectAlarm(rawStub(input.id));
    }
    const scheduledTime = Date.UTC(2026, 10, 25, 14, 0, 7);
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ scheduledTime, cron: "0 * * * *" }),
        env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    }
    const rows = await env.DB.prepare(
      "SELECT * FROM portfolio_snapshots WHERE owner_id = 'snap-owner'",
    ).all<{
      timestamp: number;
      value: string;
      base_currency: string;
      asset_breakdown: string;
      prices: string;
    }>();
    expect(rows.results).toHaveLength(1);
    const snap = rows.results[0];
    expect(snap?.timestamp).toBe(Date.UTC(2026, 10, 25, 14, 0, 0));
    expect(snap?.base_currency).toBe("USD");
    const breakdown = JSON.parse(snap?.asset_breakdown ?? "[]") as {
      asset: string;
      value: string;
    }[];
    const sum = breakdown.reduce((s, h) => s.add(h.value), new Dec(0));
    expect(sum.eq(snap?.value ?? "x")).toBe(true);
    expect(Object.keys(JSON.parse(snap?.prices ?? "{}"))).toEqual(
      expect.arrayContaining(["BTC", "ETH", "SOL", "USDT"]),
    );
  });
});

import { env, runDurableObjectAlarm } from "cloudflare:test";
import { claimRebuild, createDb, finishRebuild, getRebuild, requestRebuild } from "@portfolio/db";
import { describe, expect, it } from "vitest";
import { requestOwnerRebuild } from "../src/snapshots/rebuild-history.js";
import { accountStub, rawStub, simulatedInput, unwrap } from "./helpers.js";

describe("requestOwnerRebuild", () => {
  it("runs one rebuild of an owner at a time: a second request meanwhile runs nothing of its own", async () => {
    const input = simulatedInput(72, { owner: "rebuild-owner" });
    unwrap(await accountStub(input.id).register(input));
    await runDurableObjectAlarm(rawStub(input.id));
    const db = createDb(env.DB);
    const runs = await Promise.all([
      requestOwnerRebuild(db, env.PRICES, "rebuild-owner", "USD", () => Date.now()),
      requestOwnerRebuild(db, env.PRICES, "rebuild-owner", "USD", () => Date.now()),
    ]);
    // one worker claimed it (and ran it again for the other's request); the other ran nothing
    expect(runs.filter((r) => r === null)).toHaveLength(1);
    const done = runs.find((r) => r !== null);
    expect(done?.written).toBeGreaterThan(0);
    expect(await getRebuild(db, "rebuild-owner", "USD")).toMatchObject({
      state: "done",
      written: done?.written,
      fromDay: done?.from,
    });
  });

  it("leaves a rebuild pending again when a request came after it started", async () => {
    const db = createDb(env.DB);
    await requestRebuild(db, "rerun-owner", "USD", 1_000);
    expect(await claimRebuild(db, "rerun-owner", "USD", 2_000)).toBe(true);
    // a new request while it runs: it stays running, and must run again when it ends
    await requestRebuild(db, "rerun-owner", "USD", 3_000);
    expect((await getRebuild(db, "rerun-owner", "USD"))?.state).toBe("running");
    const result = { fromDay: "2026-11-01", toDay: "2026-11-30", written: 30 };
    expect(await finishRebuild(db, "rerun-owner", "USD", 4_000, result)).toBe(true);
    expect((await getRebuild(db, "rerun-owner", "USD"))?.state).toBe("pending");
    // the rerun claims it and, with no request since, ends it done
    expect(await claimRebuild(db, "rerun-owner", "USD", 5_000)).toBe(true);
    expect(await finishRebuild(db, "rerun-owner", "USD", 6_000, result)).toBe(false);
    expect(await getRebuild(db, "rerun-owner", "USD")).toMatchObject({
      state: "done",
      written: 30,
    });
  });
});

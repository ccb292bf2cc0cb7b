import { env, runInDurableObject } from "cloudflare:test";
import { createDb } from "@portfolio/db";
import { describe, expect, it } from "vitest";
import type { AccountDO } from "../src/account-do.js";
import type { AccountStore } from "../src/storage/account-store.js";
import { runSync } from "../src/sync/run-sync.js";
import { accountStub, OWNER, pauseSchedule, rawStub, simulatedInput, unwrap } from "./helpers.js";
import { ScriptedPlatform } from "./scripted-platform.js";

function syncInside(instance: AccountDO, accountId: string, platform: ScriptedPlatform) {
  return runSync({
    adapter: platform,
    store: (instance as unknown as { store: AccountStore }).store,
    db: createDb(env.DB),
    accountId,
    baseCurrency: "USD",
    now: () => Date.now(),
  });
}

const spam = (i: number) => ({
  token: `0x${i.toString(16).padStart(40, "0")}`,
  symbol: `SPAM${i}`,
  reason: "decimals() says 120, more than 36",
});

describe("the account's ignored tokens", () => {
  it("lists what the last sync ignored, the first 100 of any number, and forgets them when gone", async () => {
    const input = simulatedInput(1);
    unwrap(await accountStub(input.id).register(input));
    await pauseSchedule(input.id);
    const platform = new ScriptedPlatform();
    platform.balances = [{ asset: "USDT", free: "10", locked: "0" }];
    platform.ignored = Array.from({ length: 150 }, (_, i) => spam(i));
    await runInDurableObject(rawStub(input.id), async (instance: AccountDO) => {
      expect((await syncInside(instance, input.id, platform)).ok).toBe(true);
    });
    const view = unwrap(await accountStub(input.id).describe(OWNER));
    expect(view.ignoredAssets.count).toBe(150);
    expect(view.ignoredAssets.assets).toEqual(platform.ignored.slice(0, 100));

    platform.ignored = [];
    await runInDurableObject(rawStub(input.id), async (instance: AccountDO) => {
      expect((await syncInside(instance, input.id, platform)).ok).toBe(true);
    });
    expect(unwrap(await accountStub(input.id).describe(OWNER)).ignoredAssets).toEqual({
      count: 0,
      assets: [],
    });
  });
});

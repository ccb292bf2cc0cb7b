import { describe, expect, it } from "vitest";
import { accountStub, OWNER, pauseSchedule, simulatedInput, syncWith, unwrap } from "./helpers.js";
import { ScriptedPlatform } from "./scripted-platform.js";

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
    expect((await syncWith(input.id, platform)).ok).toBe(true);
    const view = unwrap(await accountStub(input.id).describe(OWNER));
    expect(view.ignoredAssets.count).toBe(150);
    expect(view.ignoredAssets.assets).toEqual(platform.ignored.slice(0, 100));

    platform.ignored = [];
    expect((await syncWith(input.id, platform)).ok).toBe(true);
    expect(unwrap(await accountStub(input.id).describe(OWNER)).ignoredAssets).toEqual({
      count: 0,
      assets: [],
    });
  });
});

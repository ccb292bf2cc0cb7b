import { startFakeBinance } from "@portfolio/fake-binance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_INSTRUMENTS } from "./config.js";

// The local Binance cannot import this package (this package's tests depend on it), so it keeps
// its own copy of the simulated instruments' start prices: this is what keeps the two equal.
let fake: Awaited<ReturnType<typeof startFakeBinance>>;
beforeAll(async () => {
  fake = await startFakeBinance({ seed: "shared-prices", trades: 20, fillerBases: 0 });
});
afterAll(() => fake.close());

describe("the simulated platform beside the local Binance", () => {
  it.each(Object.entries(SIM_INSTRUMENTS))(
    "quotes %s today at the simulated platform's start price",
    (asset, instrument) => {
      const ticker = Number(fake.account.prices.get(`${asset}USDT`));
      expect(Math.abs(ticker / instrument.startPrice - 1)).toBeLessThan(1e-6);
    },
  );
});

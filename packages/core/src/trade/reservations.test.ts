import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Dec } from "../money/decimal.js";
import { availableFunds, decideReservation, type HeldReservation } from "./reservations.js";

describe("reservations", () => {
  it("holds funds so a second reservation cannot take them again", () => {
    const held: HeldReservation[] = [];
    expect(decideReservation(new Dec(100), held, "USDT", new Dec(60))).toEqual({ ok: true });
    held.push({ asset: "USDT", amount: new Dec(60) });
    expect(decideReservation(new Dec(100), held, "USDT", new Dec(50))).toMatchObject({
      ok: false,
      code: "INSUFFICIENT_FUNDS",
      available: "40",
    });
    expect(decideReservation(new Dec(0), held, "BTC", new Dec(1))).toMatchObject({
      ok: false,
      available: "0",
    });
  });

  it("never lets accepted reservations make available funds negative (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.tuple(fc.constantFrom("USDT", "BTC"), fc.integer({ min: -5, max: 400_000 })), {
          maxLength: 40,
        }),
        (freeCents, requests) => {
          const free = new Dec(freeCents).div(100);
          const held: HeldReservation[] = [];
          for (const [asset, cents] of requests) {
            const amount = new Dec(cents).div(100);
            const assetFree = asset === "USDT" ? free : new Dec(0);
            if (decideReservation(assetFree, held, asset, amount).ok) held.push({ asset, amount });
            expect(availableFunds(assetFree, held, asset).gte(0)).toBe(true);
            const total = held
              .filter((h) => h.asset === asset)
              .reduce((s, h) => s.add(h.amount), new Dec(0));
            expect(total.lte(assetFree)).toBe(true);
          }
        },
      ),
    );
  });
});

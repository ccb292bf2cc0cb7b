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

  it("accepts a hold exactly when it fits what is left, in whole cents (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.tuple(fc.constantFrom("USDT", "BTC"), fc.integer({ min: -5, max: 400_000 })), {
          maxLength: 40,
        }),
        (freeCents, requests) => {
          const free = new Dec(freeCents).div(100);
          const held: HeldReservation[] = [];
          // the model: what is left of each asset's free amount, in integer cents
          const left: Record<string, number> = { USDT: freeCents, BTC: 0 };
          for (const [asset, cents] of requests) {
            const amount = new Dec(cents).div(100);
            const assetFree = asset === "USDT" ? free : new Dec(0);
            const fits = cents > 0 && cents <= (left[asset] as number);
            const decision = decideReservation(assetFree, held, asset, amount);
            expect(decision.ok).toBe(fits);
            if (decision.ok) {
              held.push({ asset, amount });
              left[asset] = (left[asset] as number) - cents;
            } else {
              expect(decision.code).toBe(cents > 0 ? "INSUFFICIENT_FUNDS" : "INVALID_AMOUNT");
            }
            expect(availableFunds(assetFree, held, asset).mul(100).toNumber()).toBe(left[asset]);
          }
        },
      ),
    );
  });

  it("answers zero available, not a negative amount, when the free amount fell below the holds", () => {
    // a sync lowered the free amount after 60 were held: 40 free, 60 held
    const held: HeldReservation[] = [{ asset: "USDT", amount: new Dec(60) }];
    expect(availableFunds(new Dec(40), held, "USDT").toString()).toBe("0");
    expect(decideReservation(new Dec(40), held, "USDT", new Dec("0.01"))).toMatchObject({
      ok: false,
      code: "INSUFFICIENT_FUNDS",
      available: "0",
    });
  });
});

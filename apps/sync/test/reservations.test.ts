import { runDurableObjectAlarm } from "cloudflare:test";
import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { accountStub, OWNER, rawStub, simulatedInput, unwrap } from "./helpers.js";

async function syncedAccount() {
  const input = simulatedInput(3);
  const stub = accountStub(input.id);
  unwrap(await stub.register(input));
  await runDurableObjectAlarm(rawStub(input.id));
  const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
  if (!usdt) throw new Error("no USDT balance");
  return { stub, free: new Dec(usdt.free) };
}

describe("reservations", () => {
  it("holds funds out of available until released, and refuses a second hold on the same funds", async () => {
    const { stub, free } = await syncedAccount();
    const most = free.mul("0.75").toDecimalPlaces(2).toFixed();
    const held = unwrap(
      await stub.reserve(OWNER, { asset: "USDT", amount: most, ttlSeconds: 60, ref: "order-1" }),
    ).reservation;
    const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
    expect(usdt).toMatchObject({ reserved: most, available: free.sub(most).toFixed() });

    const second = await stub.reserve(OWNER, { asset: "USDT", amount: most, ttlSeconds: 60 });
    expect(second).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { reason: "INSUFFICIENT_FUNDS" } },
    });
    const check = unwrap(
      await stub.checkTrade(OWNER, {
        side: "buy",
        base: "BTC",
        quote: "USDT",
        quantity: most,
        price: "1",
      }),
    );
    expect(check.violations.map((v) => v.code)).toEqual(["INSUFFICIENT_FUNDS"]);

    unwrap(await stub.release(OWNER, held.id));
    expect(await stub.release(OWNER, held.id)).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(
      unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT")?.available,
    ).toBe(free.toFixed());
  });

  it("serves concurrent holds one after the other, never over-committing", async () => {
    const { stub, free } = await syncedAccount();
    const tenth = free.div(10).toDecimalPlaces(8, Dec.ROUND_DOWN).toFixed();
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        stub.reserve(OWNER, { asset: "USDT", amount: tenth, ttlSeconds: 60 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
    expect(new Dec(usdt?.available ?? "-1").gte(0)).toBe(true);
  });

  it("lets a hold expire on its own", async () => {
    const { stub, free } = await syncedAccount();
    unwrap(await stub.reserve(OWNER, { asset: "USDT", amount: "1", ttlSeconds: 1 }));
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT")?.reserved,
    ).toBe("0");
    expect(free.gt(0)).toBe(true);
  });

  it("shrinks the hold by what a fill placed under it spent and keeps the rest", async () => {
    const { stub } = await syncedAccount();
    const held = unwrap(
      await stub.reserve(OWNER, { asset: "USDT", amount: "10", ttlSeconds: 60 }),
    ).reservation;
    unwrap(
      await stub.recordTransaction(OWNER, {
        txId: "fill-under-reservation",
        txType: "buy",
        asset: "BTC",
        amount: "0.0001",
        price: "60000",
        quoteAsset: "USDT",
        quoteAmount: "6",
        fee: null,
        feeAsset: null,
        timestamp: new Date().toISOString(),
        metadata: { reservationId: held.id },
      }),
    );
    // 10 held − (6 spent) = 4 still held for the rest of the order
    expect(
      unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT")?.reserved,
    ).toBe("4");
    expect(unwrap(await stub.listReservations(OWNER))).toMatchObject([
      { id: held.id, amount: "4", requested: "10" },
    ]);
  });
});

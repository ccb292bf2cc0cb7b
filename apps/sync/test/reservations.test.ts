import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { Dec } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { SYNC_JOB } from "../src/schedule/sync-job.js";
import { AccountStore } from "../src/storage/account-store.js";
import { accountStub, OWNER, rawStub, simulatedInput, smallBtcBuy, unwrap } from "./helpers.js";

async function syncedAccount() {
  const input = simulatedInput(3);
  const stub = accountStub(input.id);
  unwrap(await stub.register(input));
  await runDurableObjectAlarm(rawStub(input.id));
  const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
  if (!usdt) throw new Error("no USDT balance");
  return { id: input.id, stub, free: new Dec(usdt.free) };
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
    // exactly ten tenths are held, and what is left is free minus them, to the last digit
    expect(usdt?.reserved).toBe(new Dec(tenth).mul(10).toFixed());
    expect(usdt?.available).toBe(free.sub(new Dec(tenth).mul(10)).toFixed());
  });

  it("lets a hold expire on its own, without a read writing anything", async () => {
    const { id, stub, free } = await syncedAccount();
    unwrap(await stub.reserve(OWNER, { asset: "USDT", amount: "1", ttlSeconds: 1 }));
    await new Promise((r) => setTimeout(r, 1100));
    const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
    expect(usdt).toMatchObject({ reserved: "0", available: free.toFixed() });
    // the read skipped the expired hold and deleted nothing; the alarm's clean-up does
    const stored = () =>
      runInDurableObject(rawStub(id), (_i, state) =>
        state.storage.sql.exec("SELECT id FROM reservations").toArray(),
      );
    expect(await stored()).toHaveLength(1);
    await runDurableObjectAlarm(rawStub(id));
    expect(await stored()).toHaveLength(0);
  });

  it("answers a retried hold with the same ref with the same hold, holding once", async () => {
    const { stub, free } = await syncedAccount();
    const input = { asset: "USDT", amount: "10", ttlSeconds: 60, ref: "order-42" };
    const first = unwrap(await stub.reserve(OWNER, input));
    const again = unwrap(await stub.reserve(OWNER, input));
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, reservation: first.reservation });
    const usdt = unwrap(await stub.balances(OWNER)).balances.find((b) => b.asset === "USDT");
    expect(usdt?.available).toBe(free.sub(10).toFixed());
  });

  it("refuses the same ref for another amount", async () => {
    const { stub } = await syncedAccount();
    unwrap(await stub.reserve(OWNER, { asset: "USDT", amount: "10", ttlSeconds: 60, ref: "o-1" }));
    expect(
      await stub.reserve(OWNER, { asset: "USDT", amount: "11", ttlSeconds: 60, ref: "o-1" }),
    ).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("holds only while the balances are at the version the caller read", async () => {
    const { stub } = await syncedAccount();
    const { version } = unwrap(await stub.balances(OWNER));
    unwrap(await stub.reserve(OWNER, { asset: "USDT", amount: "1", ttlSeconds: 60 }));
    // the first hold raised the version: a hold conditional on the old one is refused
    expect(
      await stub.reserve(OWNER, { asset: "USDT", amount: "1", ttlSeconds: 60, ifVersion: version }),
    ).toMatchObject({
      ok: false,
      error: { code: "PRECONDITION_FAILED", details: { version: version + 1 } },
    });
    expect(
      await stub.reserve(OWNER, {
        asset: "USDT",
        amount: "1",
        ttlSeconds: 60,
        ifVersion: version + 1,
      }),
    ).toMatchObject({ ok: true });
  });

  it("counts a caller's own hold as available to the trade it names", async () => {
    const { stub, free } = await syncedAccount();
    const all = free.toFixed();
    const held = unwrap(
      await stub.reserve(OWNER, { asset: "USDT", amount: all, ttlSeconds: 60 }),
    ).reservation;
    // simulated taker fee 0.1%: spend = quantity × price × 1.001, so price = free / 1.001 fits
    const price = free.div("1.001").toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed();
    const trade = { side: "buy", base: "BTC", quote: "USDT", quantity: "1", price } as const;
    const without = unwrap(await stub.checkTrade(OWNER, trade));
    expect(without.violations.map((v) => v.code)).toEqual(["INSUFFICIENT_FUNDS"]);
    const own = unwrap(await stub.checkTrade(OWNER, { ...trade, reservationId: held.id }));
    expect(own).toMatchObject({ ok: true, available: { asset: "USDT", amount: all } });
  });

  it("stores at most 1000 live holds", async () => {
    const { stub } = await syncedAccount();
    for (let i = 0; i < 1000; i++)
      unwrap(await stub.reserve(OWNER, { asset: "USDT", amount: "0.00000001", ttlSeconds: 60 }));
    expect(
      await stub.reserve(OWNER, { asset: "USDT", amount: "0.00000001", ttlSeconds: 60 }),
    ).toMatchObject({
      ok: false,
      error: { code: "CONFLICT", details: { reason: "TOO_MANY_HOLDS" } },
    });
  });

  it("shrinks the hold by what a fill placed under it spent and keeps the rest", async () => {
    const { stub } = await syncedAccount();
    const held = unwrap(
      await stub.reserve(OWNER, { asset: "USDT", amount: "10", ttlSeconds: 60 }),
    ).reservation;
    unwrap(
      await stub.recordTransaction(
        OWNER,
        smallBtcBuy("fill-under-reservation", { reservationId: held.id }),
      ),
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

describe("a trade check on old balances", () => {
  it("says the balances are stale and how old they are", async () => {
    const { id, stub } = await syncedAccount();
    const trade = {
      side: "buy",
      base: "BTC",
      quote: "USDT",
      quantity: "0.0001",
      price: "100",
    } as const;
    expect(unwrap(await stub.checkTrade(OWNER, trade))).toMatchObject({ stale: false });
    // the last successful sync two hours ago, and the next one overdue
    await runInDurableObject(rawStub(id), (_i, state) => {
      const store = AccountStore.of(state.storage);
      const job = store.job(SYNC_JOB);
      if (!job) throw new Error("no sync job");
      const at = Date.now() - 2 * 3_600_000;
      store.saveJob({ ...job, lastSuccessAt: at, nextRunAt: at + 60_000 });
    });
    const old = unwrap(await stub.checkTrade(OWNER, trade));
    expect(old.stale).toBe(true);
    expect(old.balancesAgeSeconds).toBeGreaterThanOrEqual(7200);
    expect(old.balancesAgeSeconds).toBeLessThan(7260);
  });
});

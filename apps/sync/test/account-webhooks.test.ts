import { describe, expect, it } from "vitest";
import { accountStub, pauseSchedule, simulatedInput, unwrap, usdtDeposit } from "./helpers.js";
import { received, setup, verified, waitFor } from "./webhook-helpers.js";

describe("an account's events reach its owner's webhooks", () => {
  it("delivers a recorded fill and the balances it left, signed, once each", async () => {
    const { owner, path, secret } = await setup({ events: ["fill.recorded", "balances.changed"] });
    const input = simulatedInput(1, { owner });
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await pauseSchedule(input.id);
    const fill = usdtDeposit("hooked-fill", "25");
    const recorded = unwrap(await stub.recordTransaction(owner, fill));
    const requests = await waitFor(
      "both events at the receiver",
      () => received(path),
      (r) => r.length >= 2,
    );
    const bodies = requests.map((r) => verified(secret, r));
    expect(bodies.map((b) => b.type).sort()).toEqual(["balances.changed", "fill.recorded"]);
    const fillEvent = bodies.find((b) => b.type === "fill.recorded");
    expect(fillEvent?.data).toMatchObject({
      accountId: input.id,
      transaction: { id: recorded.transaction.id, txId: "hooked-fill", amount: "25" },
    });
    const balances = bodies.find((b) => b.type === "balances.changed");
    expect(balances?.data).toMatchObject({
      accountId: input.id,
      version: unwrap(await stub.balances(owner)).version,
    });
    // the same fill again records nothing, so nothing more is sent
    unwrap(await stub.recordTransaction(owner, fill));
    await new Promise((r) => setTimeout(r, 200));
    expect(await received(path)).toHaveLength(2);
  });
});

import { env, runInDurableObject } from "cloudflare:test";
import { createDb } from "@portfolio/db";
import { describe, expect, it } from "vitest";
import type { AccountEvent } from "../src/events/account-event.js";
import { drainOutbox } from "../src/outbox/drain-outbox.js";
import { AccountStore } from "../src/storage/account-store.js";
import {
  accountStub,
  countRows,
  OWNER,
  pauseSchedule,
  rawStub,
  simulatedInput,
  unwrap,
} from "./helpers.js";

/** A recorded fill's row as the outbox carries it: a 5 USDT deposit at `now`. */
function recordedDeposit(id: string, accountId: string, txId: string, now: number) {
  const at = new Date(now).toISOString();
  return {
    id,
    accountId,
    txId,
    txType: "deposit",
    asset: "USDT",
    amount: "5",
    price: null,
    quoteAsset: null,
    quoteAmount: null,
    fee: null,
    feeAsset: null,
    timestamp: at,
    metadata: {},
    insertedAt: at,
    updatedAt: at,
  };
}

describe("the outbox", () => {
  it("keeps what D1 or the webhooks refused and sends it once when they answer again", async () => {
    const input = simulatedInput(1);
    const stub = accountStub(input.id);
    unwrap(await stub.register(input));
    await pauseSchedule(input.id);
    await runInDurableObject(rawStub(input.id), async (_i, state) => {
      const store = AccountStore.of(state.storage);
      // entries queued as a fill would queue them, drained by the test alone
      const now = Date.now();
      const tx = recordedDeposit("tx_outboxtest0000000001", input.id, "outbox-fill", now);
      store.outbox.append("transaction", tx, now);
      const published: AccountEvent[][] = [];
      let refusals = 0;
      let d1Refusals = 0;
      const db = createDb(env.DB);
      // D1 refuses the first batch: a database whose batch throws once
      const refusingDb = new Proxy(db, {
        get(target, key, receiver) {
          if (key === "batch" && d1Refusals === 0)
            return () => {
              d1Refusals++;
              return Promise.reject(new Error("D1 unavailable"));
            };
          return Reflect.get(target, key, receiver);
        },
      });
      const sinks = {
        db: refusingDb,
        balancesNow: () => null,
        publish: async (events: AccountEvent[]) => {
          if (refusals++ === 0) throw new Error("webhook object unavailable");
          published.push(events);
        },
      };
      await expect(drainOutbox(store, sinks, input.id)).rejects.toThrow("D1 unavailable");
      // D1's refusal was served: nothing reached D1 or the webhooks, the entry stays
      expect(d1Refusals).toBe(1);
      expect(refusals).toBe(0);
      expect(store.outbox.pending()).toBe(1);
      expect(await countRows("transactions", input.id)).toBe(0);
      await expect(drainOutbox(store, sinks, input.id)).rejects.toThrow("unavailable");
      // the webhooks' refusal was served, the entry stays, D1 already has the row (inserts are
      // idempotent, so the next try stores it once)
      expect(refusals).toBe(1);
      expect(store.outbox.pending()).toBe(1);
      expect(await drainOutbox(store, sinks, input.id)).toBe(1);
      expect(store.outbox.pending()).toBe(0);
      expect(published).toHaveLength(1);
      expect(published[0]?.map((e) => [e.type, e.id])).toEqual([
        ["fill.recorded", "evt_outboxtest0000000001"],
      ]);
    });
    expect(await countRows("transactions", input.id)).toBe(1);
    expect(unwrap(await stub.describe(OWNER)).id).toBe(input.id);
  });

  it("asks for the owner's history to be redone once D1 holds a voided fill, not for a new fill", async () => {
    const input = simulatedInput(2);
    unwrap(await accountStub(input.id).register(input));
    await pauseSchedule(input.id);
    await runInDurableObject(rawStub(input.id), async (_i, state) => {
      const store = AccountStore.of(state.storage);
      const now = Date.now();
      const tx = recordedDeposit("tx_outboxvoid000000001", input.id, "outbox-void-fill", now);
      const db = createDb(env.DB);
      // whether D1 showed the fill voided at the moment the rebuild was asked for
      const voidedInD1 = async () => {
        const row = await env.DB.prepare(
          "SELECT metadata FROM transactions WHERE account_id = ? AND tx_id = ?",
        )
          .bind(input.id, tx.txId)
          .first<{ metadata: string }>();
        return JSON.parse(row?.metadata ?? "{}").void === true;
      };
      const asked: Promise<boolean>[] = [];
      const sinks = {
        db,
        balancesNow: () => null,
        publish: async () => {},
        pastChanged: () => {
          asked.push(voidedInD1());
        },
      };
      store.outbox.append("transaction", tx, now);
      expect(await drainOutbox(store, sinks, input.id)).toBe(1);
      // a new fill is history from now on: the rebuilt past stands
      expect(asked).toEqual([]);
      store.outbox.append(
        "void",
        { txId: tx.txId, at: now + 1, transaction: { ...tx, metadata: { void: true } } },
        now + 1,
      );
      expect(await drainOutbox(store, sinks, input.id)).toBe(1);
      expect(await Promise.all(asked)).toEqual([true]);
    });
  });
});

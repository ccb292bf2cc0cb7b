import {
  balanceEffects,
  Dec,
  formatAmount,
  sumBalanceEffects,
  TransactionInput,
} from "@portfolio/core";
import { describe, expect, it } from "vitest";
import type { BookedFill, TransactionPage } from "../adapter.js";
import type { AdapterResult } from "../adapter-error.js";
import { SimulatedConfig } from "./config.js";
import { SimulatedAdapter } from "./simulated-adapter.js";

const START = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3600_000;
const MINUTE = 60_000;
const config = SimulatedConfig.parse({ seed: "fills", start: new Date(START).toISOString() });
const at = (slot: number, minutes = 0) => START + slot * HOUR + minutes * MINUTE;

function unwrap<T>(r: AdapterResult<T>): T {
  if (!r.ok) throw new Error(`adapter failed: ${r.error.message}`);
  return r.value;
}

/** what a bot records: a BTC buy for USDT unless told otherwise */
const fillTx = (txId: string, extra: Record<string, unknown> = {}): TransactionInput =>
  TransactionInput.parse({
    txId,
    txType: "buy",
    asset: "BTC",
    amount: "0.01",
    price: "60000",
    quoteAsset: "USDT",
    quoteAmount: "600",
    fee: "0.6",
    feeAsset: "USDT",
    timestamp: new Date(START).toISOString(),
    metadata: { bot: "grid-1", orderId: txId },
    ...extra,
  });

const NO_LEG = { price: null, quoteAsset: null, quoteAmount: null, fee: null, feeAsset: null };
/** a fill with no second leg and no fee: a deposit, withdrawal or transfer */
const transferTx = (txId: string, txType: string, asset: string, amount: string) =>
  fillTx(txId, { txType, asset, amount, ...NO_LEG });

/** the host's fills as the contract has them: booking or voiding in [from, to], booking order */
function fillBook(fills: BookedFill[] = []) {
  const calls: Array<[number, number]> = [];
  const source = (fromMs: number, toMs: number) => {
    calls.push([fromMs, toMs]);
    const within = (t: number | null) => t !== null && t >= fromMs && t <= toMs;
    return fills.filter((f) => within(f.bookedAt) || within(f.voidedAt));
  };
  return { fills, calls, source };
}

async function readAll(adapter: SimulatedAdapter, limit = 50, cursor: string | null = null) {
  const all: TransactionInput[] = [];
  let pages = 0;
  for (;;) {
    const page: TransactionPage = unwrap(await adapter.getTransactions({ cursor, limit }));
    pages++;
    all.push(...page.transactions);
    cursor = page.nextCursor;
    if (!page.hasMore) return { all, cursor, pages };
  }
}

/** the same, with a new adapter for every page: nothing survives between pages but the cursor */
async function readAcrossRestarts(
  make: () => SimulatedAdapter,
  limit: number,
  cursor: string | null = null,
) {
  const all: TransactionInput[] = [];
  for (;;) {
    const page: TransactionPage = unwrap(await make().getTransactions({ cursor, limit }));
    all.push(...page.transactions);
    cursor = page.nextCursor;
    if (!page.hasMore) return { all, cursor };
  }
}

async function totals(adapter: SimulatedAdapter): Promise<Record<string, string>> {
  const balances = unwrap(await adapter.getBalances());
  for (const b of balances) expect(new Dec(b.locked).gte(0)).toBe(true);
  return Object.fromEntries(
    balances.map((b) => [b.asset, formatAmount(new Dec(b.free).add(b.locked))]),
  );
}

function implied(history: Iterable<TransactionInput>, voided: TransactionInput[] = []) {
  const sum = sumBalanceEffects(history);
  for (const tx of voided)
    for (const [asset, delta] of balanceEffects(tx))
      sum.set(asset, (sum.get(asset) ?? new Dec(0)).sub(delta));
  return Object.fromEntries(
    [...sum].filter(([, v]) => !v.isZero()).map(([asset, v]) => [asset, formatAmount(v)]),
  );
}

const nonZero = (t: Record<string, string>) =>
  Object.fromEntries(Object.entries(t).filter(([, v]) => v !== "0"));
const slotOf = (tx: TransactionInput) => Math.floor((Date.parse(tx.timestamp) - START) / HOUR);
const sim = (history: TransactionInput[]) => history.filter((tx) => tx.txId.startsWith("sim-"));

describe("SimulatedAdapter with recorded fills", () => {
  it("books a recorded fill once, right after its slot's own event, exactly as recorded", async () => {
    const tx = fillTx("bot-fill-1");
    const book = fillBook([{ tx, bookedAt: at(10, 20), voidedAt: null }]);
    const { all } = await readAll(new SimulatedAdapter(config, () => at(50), book.source), 7);
    const i = all.findIndex((t) => t.txId === "bot-fill-1");
    expect(all.filter((t) => t.txId === "bot-fill-1")).toEqual([tx]);
    expect(all.slice(0, i).every((t) => slotOf(t) <= 10)).toBe(true);
    expect(all.slice(i + 1).every((t) => slotOf(t) > 10)).toBe(true);
    expect(all.slice(0, i).some((t) => t.txId === "sim-10")).toBe(true);
  });

  it("counts recorded fills in its balances, and its later events are sized from them", async () => {
    const now = () => at(200);
    const plain = (await readAll(new SimulatedAdapter(config, now))).all;
    const book = fillBook([
      {
        tx: transferTx("bot-deposit", "deposit", "USDT", "1000000"),
        bookedAt: at(10, 5),
        voidedAt: null,
      },
      {
        tx: fillTx("bot-bnb-fee", { fee: "0.01", feeAsset: "BNB" }),
        bookedAt: at(12),
        voidedAt: null,
      },
    ]);
    const adapter = new SimulatedAdapter(config, now, book.source);
    const { all } = await readAll(adapter);
    expect(await totals(adapter)).toEqual({
      USDT: "0",
      BTC: "0",
      ETH: "0",
      SOL: "0",
      ...implied(all),
    });
    expect(implied(all).BNB).toBe("-0.01");
    // the same platform up to the fill, a richer one after it
    const before = (h: TransactionInput[]) => sim(h).filter((t) => slotOf(t) <= 10);
    expect(before(all)).toEqual(before(plain));
    const after = (h: TransactionInput[]) => sim(h).filter((t) => slotOf(t) > 10);
    expect(after(all)).not.toEqual(after(plain));
  });

  it("gives a restarted instance the same later events as one that never restarted", async () => {
    let now = at(20, 10);
    const book = fillBook([{ tx: fillTx("early"), bookedAt: at(5, 30), voidedAt: null }]);
    const kept = new SimulatedAdapter(config, () => now, book.source);
    const first = await readAll(kept, 9);
    // a bot records a fill in the slot the last sync already read
    const late = fillTx("late", {
      txType: "sell",
      amount: "0.005",
      quoteAmount: "300",
      fee: "0.3",
    });
    book.fills.push({ tx: late, bookedAt: at(20, 30), voidedAt: null });
    now = at(60, 1);
    const restOfKept = await readAll(kept, 9, first.cursor);
    const fresh = () => new SimulatedAdapter(config, () => now, book.source);
    const restAcrossRestarts = await readAcrossRestarts(fresh, 9, first.cursor);
    expect(restAcrossRestarts.all).toEqual(restOfKept.all);
    expect(restAcrossRestarts.cursor).toBe(restOfKept.cursor);
    expect(restOfKept.all[0]).toEqual(late);
    const whole = (await readAll(fresh(), 500)).all;
    expect(whole).toEqual([...first.all, ...restOfKept.all]);
    const expected = { USDT: "0", BTC: "0", ETH: "0", SOL: "0", ...implied(whole) };
    expect(await totals(kept)).toEqual(expected);
    expect(await totals(fresh())).toEqual(expected);
  });

  it("reverses a voided fill after the slot it was voided in, keeping its history event", async () => {
    const tx = fillTx("voided", { amount: "0.1", quoteAmount: "6000", fee: "6" });
    const book = fillBook([{ tx, bookedAt: at(10, 1), voidedAt: at(20, 5) }]);
    let now = at(15);
    const adapter = new SimulatedAdapter(config, () => now, book.source);
    const early = await readAll(adapter);
    expect(nonZero(await totals(adapter))).toEqual(implied(early.all));
    now = at(40);
    const later = await readAll(adapter, 50, early.cursor);
    const history = [...early.all, ...later.all];
    expect(history.filter((t) => t.txId === "voided")).toEqual([tx]);
    expect(nonZero(await totals(adapter))).toEqual(implied(history, [tx]));
    const fresh = new SimulatedAdapter(config, () => now, book.source);
    expect((await readAll(fresh, 3)).all).toEqual(history);
    expect(nonZero(await totals(new SimulatedAdapter(config, () => now, book.source)))).toEqual(
      implied(history, [tx]),
    );
  });

  it("applies the fills of one slot in the order given, across page boundaries", async () => {
    const txs = ["z-first", "a-second", "m-third"].map((id) =>
      fillTx(id, { amount: "0.001", quoteAmount: "60", fee: "0.06" }),
    );
    const book = fillBook(txs.map((tx) => ({ tx, bookedAt: at(10, 30), voidedAt: null })));
    const make = () => new SimulatedAdapter(config, () => at(12), book.source);
    for (const limit of [1, 2, 3, 50]) {
      const { all } = await readAcrossRestarts(make, limit);
      expect(
        all.filter((t) => slotOf(t) === 10 || !t.txId.startsWith("sim-")).map((t) => t.txId),
      ).toEqual(["sim-10", "z-first", "a-second", "m-third"]);
    }
  });

  it("books a fill from before the account opened in slot 0, after the opening deposit", async () => {
    const tx = fillTx("pre-open");
    const book = fillBook([{ tx, bookedAt: START - 5 * HOUR, voidedAt: null }]);
    const { all } = await readAll(new SimulatedAdapter(config, () => at(3), book.source));
    expect(all.slice(0, 2).map((t) => t.txId)).toEqual(["sim-0", "pre-open"]);
  });

  it("never trades past what it holds once fills took holdings below zero", async () => {
    const book = fillBook([
      {
        tx: transferTx("cash-out", "withdrawal", "USDT", "50000"),
        bookedAt: at(5),
        voidedAt: null,
      },
      {
        tx: transferTx("sent-away", "transfer_out", "BTC", "3"),
        bookedAt: at(6),
        voidedAt: null,
      },
    ]);
    const adapter = new SimulatedAdapter(config, () => at(1500), book.source);
    const { all } = await readAll(adapter, 200);
    const held = new Map<string, Dec>();
    const get = (a: string) => Dec.max(0, held.get(a) ?? 0);
    let negativeCashSlots = 0;
    let negativeBtcSlots = 0;
    for (const tx of all) {
      if (tx.txId.startsWith("sim-")) {
        if ((held.get("USDT") ?? new Dec(0)).lt(0)) negativeCashSlots++;
        if ((held.get("BTC") ?? new Dec(0)).lt(0)) negativeBtcSlots++;
        if (tx.txType === "buy")
          expect(new Dec(tx.quoteAmount as string).add(tx.fee as string).lte(get("USDT"))).toBe(
            true,
          );
        if (tx.txType === "sell") expect(new Dec(tx.amount).lte(get(tx.asset))).toBe(true);
        if (tx.txType === "withdrawal")
          expect(new Dec(tx.amount).add(tx.fee as string).lte(get("USDT"))).toBe(true);
      }
      for (const [asset, delta] of balanceEffects(tx))
        held.set(asset, (held.get(asset) ?? new Dec(0)).add(delta));
    }
    expect(negativeCashSlots).toBeGreaterThan(10);
    expect(negativeBtcSlots).toBeGreaterThan(10);
    expect(nonZero(await totals(adapter))).toEqual(implied(all));
  });

  it("reads recorded fills a bounded range at a time, and balances only from the last page on", async () => {
    const book = fillBook([{ tx: fillTx("one"), bookedAt: at(3000, 1), voidedAt: null }]);
    const present = 5000;
    const adapter = new SimulatedAdapter(config, () => at(present, 30), book.source);
    const { pages } = await readAll(adapter, 100);
    expect(book.calls.length).toBeLessThanOrEqual(2 * pages);
    for (const [from, to] of book.calls) {
      if (from !== Number.MIN_SAFE_INTEGER) expect(to - from + 1).toBeLessThanOrEqual(4096 * HOUR);
      expect(to).toBeLessThan(at(present + 1));
    }
    book.calls.length = 0;
    await adapter.getBalances();
    expect(book.calls).toEqual([[at(present), at(present + 1) - 1]]);
  });

  it("answers the same history and balances for the same seed, clock and fills", async () => {
    const fills = [
      { tx: fillTx("f1"), bookedAt: at(7, 7), voidedAt: at(9) },
      {
        tx: fillTx("f2", { txType: "sell", amount: "0.002", quoteAmount: "120", fee: "0.12" }),
        bookedAt: at(7, 8),
        voidedAt: null,
      },
    ];
    const run = async () => {
      const adapter = new SimulatedAdapter(config, () => at(300), fillBook(fills).source);
      return { history: (await readAll(adapter, 13)).all, balances: await totals(adapter) };
    };
    expect(await run()).toEqual(await run());
  });
});

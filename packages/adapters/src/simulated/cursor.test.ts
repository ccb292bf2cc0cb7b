import { Dec, formatAmount } from "@portfolio/core";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { Holdings } from "./holdings.js";

const position = {
  slot: 1234,
  skip: 2,
  held: new Holdings([
    ["USDT", new Dec("9810.123456789012")],
    ["BTC", new Dec("0")],
    ["ETH", new Dec("-0.5")],
  ]),
};
const walk = new Map([
  ["BTC", 11.002099841204238],
  ["DOGE", -1.8971199848858813],
]);

describe("simulated cursor", () => {
  it("round-trips a position and the walk exactly, leaving out zero holdings", () => {
    const text = encodeCursor(position, walk);
    expect(JSON.parse(text)).toEqual({
      v: 2,
      slot: 1234,
      skip: 2,
      held: { USDT: "9810.123456789012", ETH: "-0.5" },
      walk: { BTC: 11.002099841204238, DOGE: -1.8971199848858813 },
    });
    const decoded = decodeCursor(text);
    if (decoded.kind !== "resume") throw new Error(decoded.kind);
    expect(decoded.position.slot).toBe(1234);
    expect(decoded.position.skip).toBe(2);
    expect([...decoded.position.held.entries()].map(([a, d]) => [a, formatAmount(d)])).toEqual([
      ["USDT", "9810.123456789012"],
      ["ETH", "-0.5"],
    ]);
    expect(decoded.walk).toEqual(walk);
  });

  it("starts from the beginning for no cursor and for the first implementation's event index", () => {
    for (const legacy of [null, "0", "123", "4000000000"])
      expect(decodeCursor(legacy)).toEqual({ kind: "start" });
  });

  it("refuses anything else as malformed", () => {
    const good = JSON.parse(encodeCursor(position, walk));
    for (const bad of [
      "",
      "-1",
      "01",
      "12345678901",
      "{",
      "null",
      "[]",
      JSON.stringify({ ...good, v: 1 }),
      JSON.stringify({ ...good, slot: -1 }),
      JSON.stringify({ ...good, skip: 0.5 }),
      JSON.stringify({ ...good, held: { USDT: "1e5" } }),
      JSON.stringify({ ...good, held: { usdt: "1" } }),
      JSON.stringify({ ...good, walk: { BTC: "11" } }),
      JSON.stringify({ ...good, extra: true }),
    ])
      expect([bad, decodeCursor(bad).kind]).toEqual([bad, "malformed"]);
  });
});

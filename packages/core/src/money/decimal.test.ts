import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidAmountError } from "../errors.js";
import {
  canonicalAmount,
  canonicalDecimalText,
  Dec,
  decimalTextSign,
  formatAmount,
  parseAmount,
  roundAmount,
  roundToStep,
  sumAmounts,
} from "./decimal.js";

const decimalStringArb = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
  .map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, "0");
    const int = s.slice(0, s.length - scale);
    const frac = s.slice(s.length - scale);
    return `${neg && digits !== 0n ? "-" : ""}${int}${scale > 0 ? `.${frac}` : ""}`;
  });

describe("parseAmount", () => {
  it.each([
    "0",
    "1",
    "-1",
    "0.1",
    "123456789012345678901234567890.000000000000000001",
    "0.00000000",
  ])("accepts %s", (s) => {
    expect(parseAmount(s).toFixed()).toBe(new Dec(s).toFixed());
  });

  it.each([
    ["a JSON number", 0.1],
    ["NaN", Number.NaN],
    ["a string NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["an exponent", "1e5"],
    ["a capital exponent", "1E-7"],
    ["a plus sign", "+1"],
    ["a trailing dot", "1."],
    ["a leading dot", ".5"],
    ["whitespace", " 1"],
    ["junk", "12abc"],
    ["an empty string", ""],
    ["a hex literal", "0x10"],
    ["a leading zero", "01"],
    ["null", null],
    ["a comma", "1,5"],
  ])("rejects %s", (_label, input) => {
    expect(() => parseAmount(input)).toThrow(InvalidAmountError);
  });

  it("says that floats are refused because they lose precision", () => {
    expect(() => parseAmount(0.1, "price")).toThrow(
      /price must be a decimal string, not a JSON number/,
    );
  });
});

describe("formatAmount", () => {
  it("prints canonical strings: no trailing zeros, no exponent, no negative zero", () => {
    expect(canonicalAmount("1.50000000")).toBe("1.5");
    expect(canonicalAmount("-0.000")).toBe("0");
    expect(formatAmount(new Dec("1e-30"))).toBe("0.000000000000000000000000000001");
    expect(formatAmount(new Dec("1e40"))).toBe("10000000000000000000000000000000000000000");
  });

  it("round-trips every decimal string exactly (property)", () => {
    fc.assert(
      fc.property(decimalStringArb, (s) => {
        const once = formatAmount(parseAmount(s));
        expect(formatAmount(parseAmount(once))).toBe(once);
        expect(parseAmount(once).eq(new Dec(s))).toBe(true);
      }),
    );
  });

  it("adds without float error: 0.1 + 0.2 is 0.3", () => {
    expect(formatAmount(parseAmount("0.1").add(parseAmount("0.2")))).toBe("0.3");
  });

  it("sums commute (property)", () => {
    fc.assert(
      fc.property(fc.array(decimalStringArb, { maxLength: 20 }), (xs) => {
        const forward = sumAmounts(xs.map((x) => parseAmount(x)));
        const backward = sumAmounts([...xs].reverse().map((x) => parseAmount(x)));
        expect(formatAmount(forward)).toBe(formatAmount(backward));
      }),
    );
  });
});

describe("rounding", () => {
  it("rounds with the named mode", () => {
    expect(formatAmount(roundAmount(new Dec("2.5"), 0, "halfEven"))).toBe("2");
    expect(formatAmount(roundAmount(new Dec("2.5"), 0, "halfUp"))).toBe("3");
    expect(formatAmount(roundAmount(new Dec("-1.19"), 1, "down"))).toBe("-1.1");
    expect(formatAmount(roundAmount(new Dec("-1.11"), 1, "floor"))).toBe("-1.2");
  });

  it("rounds to an exchange step size", () => {
    expect(formatAmount(roundToStep(new Dec("0.123456"), new Dec("0.001"), "down"))).toBe("0.123");
    expect(formatAmount(roundToStep(new Dec("7"), new Dec("0"), "down"))).toBe("7");
  });
});

/** Plain decimal strings as callers write them: "-0.000", trailing zeros, up to 80 digits. */
const writtenDecimalArb = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 0n, max: 10n ** 44n }),
    fc.integer({ min: 0, max: 36 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([neg, digits, scale, zeros]) => {
    const s = digits.toString().padStart(scale + 1, "0");
    const int = s.slice(0, s.length - scale);
    const frac = `${s.slice(s.length - scale)}${"0".repeat(scale > 0 ? zeros : 0)}`;
    return `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
  });

describe("canonicalDecimalText", () => {
  it.each([
    ["1.2300", "1.23"],
    ["-0.000", "0"],
    ["-0", "0"],
    ["100", "100"],
    ["5.0", "5"],
    ["0.5", "0.5"],
  ])("spells %s as %s", (s, want) => {
    expect(canonicalDecimalText(s)).toBe(want);
  });

  it("spells every plain decimal as decimal.js's canonical form does", () => {
    fc.assert(
      fc.property(writtenDecimalArb, (s) => {
        expect(canonicalDecimalText(s)).toBe(canonicalAmount(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every digit past decimal.js's 80 significant digits", () => {
    const long = `1${"0".repeat(89)}1.10`;
    expect(canonicalDecimalText(long)).toBe(`1${"0".repeat(89)}1.1`);
  });
});

describe("decimalTextSign", () => {
  it("agrees with decimal.js on every plain decimal", () => {
    fc.assert(
      fc.property(writtenDecimalArb, (s) => {
        expect(decimalTextSign(s)).toBe(new Dec(s).cmp(0));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["-0.0", 0],
    ["0.001", 1],
    ["-0.001", -1],
  ])("gives %s the sign %d", (s, want) => {
    expect(decimalTextSign(s)).toBe(want);
  });
});

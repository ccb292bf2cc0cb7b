import { Decimal } from "decimal.js";
import { InvalidAmountError } from "../errors.js";

/**
 * One Decimal constructor for the whole product: 60 significant digits is far past any
 * amount a platform reports (Binance uses 8 dp, ERC-20 up to 18 dp on 78-digit integers are
 * converted with their own precision before reaching here), so arithmetic never rounds
 * silently; rounding only happens through {@link roundAmount} with a named mode.
 */
export const Dec = Decimal.clone({
  precision: 80,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -100,
  toExpPos: 100,
});
export type Dec = Decimal;

/** Plain decimal notation: optional minus, digits, optional fraction. No exponent, no sign +. */
/** a plain decimal: an optional "-", no leading zeros, no exponent (the JSON Schema pattern too) */
export const DECIMAL_PATTERN = "^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?$";
const DECIMAL_STRING = new RegExp(DECIMAL_PATTERN);

/**
 * The longest decimal string the product parses at all. Far past anything computed from
 * accepted amounts (80 significant digits, see {@link Dec}); it only bounds the work a caller's
 * junk can cause. What callers may send is much narrower: {@link amountInputProblem}.
 */
const MAX_DECIMAL_STRING_LENGTH = 1000;

/** At most this many significant digits in an amount a caller sends. */
export const MAX_INPUT_SIGNIFICANT_DIGITS = 40;
/** At most this many digits after the point in an amount a caller sends. */
export const MAX_INPUT_DECIMALS = 36;

/**
 * Parses a wire/storage amount. Only strings in plain decimal notation are accepted:
 * JS numbers (floats), NaN, Infinity, exponents, "+1", "1.", ".5", whitespace and junk are
 * rejected with an {@link InvalidAmountError} that says what was wrong.
 */
export function parseAmount(input: unknown, field = "amount"): Dec {
  if (typeof input !== "string") {
    throw new InvalidAmountError(
      field,
      typeof input === "number"
        ? `${field} must be a decimal string, not a JSON number (floats lose precision)`
        : `${field} must be a decimal string`,
    );
  }
  if (input.length > MAX_DECIMAL_STRING_LENGTH || !DECIMAL_STRING.test(input)) {
    throw new InvalidAmountError(
      field,
      `${field} is not a plain decimal string: ${JSON.stringify(input.slice(0, 40))}`,
    );
  }
  return new Dec(input);
}

/** True when `input` is a string {@link parseAmount} accepts. */
export function isDecimalString(input: unknown): input is string {
  return (
    typeof input === "string" &&
    input.length <= MAX_DECIMAL_STRING_LENGTH &&
    DECIMAL_STRING.test(input)
  );
}

/**
 * Why an amount a caller sends is refused, or null when it is fine: a plain decimal string
 * with at most {@link MAX_INPUT_SIGNIFICANT_DIGITS} significant digits (counted from the first
 * non-zero digit to the last digit written, so "1" followed by 45 zeros has 46) and at most
 * {@link MAX_INPUT_DECIMALS} decimals. Within these limits every sum of accepted amounts is
 * exact at the product's 80-digit precision; longer input is refused, never rounded.
 */
export function amountInputProblem(input: string): string | null {
  if (!isDecimalString(input)) return "not a plain decimal string";
  const [int = "", frac = ""] = input.replace(/^-/, "").split(".");
  if (frac.length > MAX_INPUT_DECIMALS)
    return `at most ${MAX_INPUT_DECIMALS} decimals, got ${frac.length}`;
  const digits = `${int}${frac}`.replace(/^0+/, "");
  if (digits.length > MAX_INPUT_SIGNIFICANT_DIGITS)
    return `at most ${MAX_INPUT_SIGNIFICANT_DIGITS} significant digits, got ${digits.length}`;
  return null;
}

/**
 * Canonical form: plain notation, no trailing fractional zeros, no "-0". Two equal amounts
 * always print the same string, so canonical strings can be compared and used as keys.
 */
export function formatAmount(value: Dec): string {
  if (!value.isFinite())
    throw new InvalidAmountError("amount", "cannot format a non-finite amount");
  if (value.isZero()) return "0";
  return value.toFixed();
}

/**
 * The canonical spelling ({@link formatAmount}'s) of a string already in plain decimal notation
 * ({@link isDecimalString}), from its text alone: trailing fractional zeros and a bare point
 * dropped, "-0" made "0". No Decimal is built, and no digit is rounded at any length.
 */
export function canonicalDecimalText(s: string): string {
  let t = s;
  const dot = t.indexOf(".");
  if (dot >= 0) {
    let end = t.length;
    while (t.charCodeAt(end - 1) === 48) end--; // "0"
    t = t.slice(0, end === dot + 1 ? dot : end);
  }
  return t === "-0" ? "0" : t;
}

/** The sign of a string already in plain decimal notation, from its text: −1, 0 or 1. */
export function decimalTextSign(s: string): -1 | 0 | 1 {
  if (!/[1-9]/.test(s)) return 0;
  return s.charCodeAt(0) === 45 ? -1 : 1; // "-"
}

/** parse → format: the canonical spelling of a decimal string. */
export function canonicalAmount(input: string): string {
  return formatAmount(parseAmount(input));
}

/** Named rounding modes; the product never rounds with an implicit default. */
export const RoundingMode = {
  /** towards zero (truncate): what exchanges do to quantities */
  down: Decimal.ROUND_DOWN,
  /** away from zero */
  up: Decimal.ROUND_UP,
  /** towards −∞ */
  floor: Decimal.ROUND_FLOOR,
  /** towards +∞ */
  ceil: Decimal.ROUND_CEIL,
  /** nearest, ties away from zero: what people expect on a receipt */
  halfUp: Decimal.ROUND_HALF_UP,
  /** nearest, ties to even (banker's rounding): unbiased over many values */
  halfEven: Decimal.ROUND_HALF_EVEN,
} as const;
export type RoundingModeName = keyof typeof RoundingMode;

export function roundAmount(value: Dec, decimalPlaces: number, mode: RoundingModeName): Dec {
  return value.toDecimalPlaces(decimalPlaces, RoundingMode[mode]);
}

/** Rounds `value` to a whole multiple of `step` (e.g. an exchange's LOT_SIZE stepSize). */
export function roundToStep(value: Dec, step: Dec, mode: RoundingModeName): Dec {
  if (step.isZero()) return value;
  return value.div(step).toDecimalPlaces(0, RoundingMode[mode]).mul(step);
}

/** True when `value` is a whole multiple of `step`; a zero step means "no step rule". */
export function isMultipleOf(value: Dec, step: Dec): boolean {
  return step.isZero() || value.mod(step).isZero();
}

export function sumAmounts(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.add(v);
  return total;
}

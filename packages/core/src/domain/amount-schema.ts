import { z } from "zod";
import {
  amountInputProblem,
  canonicalDecimalText,
  DECIMAL_PATTERN,
  decimalTextSign,
  isDecimalString,
  MAX_INPUT_DECIMALS,
  MAX_INPUT_SIGNIFICANT_DIGITS,
} from "../money/decimal.js";

const DECIMAL_HINT =
  'a decimal string such as "12.5" (no JSON numbers, exponents or signs other than "-")';

/**
 * A decimal string the product answers with or stores, normalised to its canonical spelling.
 * No length rule beyond the parser's: whatever the product computes from accepted input must
 * never be refused by its own response schema. What callers send is {@link amountInput}.
 */
export const decimalString = z
  .string({ error: (iss) => (iss.input === undefined ? "required" : `expected ${DECIMAL_HINT}`) })
  .refine(isDecimalString, { message: `expected ${DECIMAL_HINT}` })
  .transform(canonicalDecimalText)
  .meta({
    type: "string",
    pattern: DECIMAL_PATTERN,
    description: `an exact amount: ${DECIMAL_HINT}`,
  });

/** A strictly positive decimal string (quantities, prices). */
export const positiveDecimalString = decimalString.refine((s) => decimalTextSign(s) > 0, {
  message: "must be greater than zero",
});

/** A decimal string that is zero or more (balances, fees). */
export const nonNegativeDecimalString = decimalString.refine((s) => decimalTextSign(s) >= 0, {
  message: "must not be negative",
});

const AMOUNT_INPUT_HINT = `${DECIMAL_HINT}, at most ${MAX_INPUT_SIGNIFICANT_DIGITS} significant digits and ${MAX_INPUT_DECIMALS} decimals`;

/**
 * An amount a caller sends: a plain decimal string within the input limits (refused, never
 * rounded, when longer), normalised to its canonical spelling.
 */
export const amountInput = z
  .string({ error: (iss) => (iss.input === undefined ? "required" : `expected ${DECIMAL_HINT}`) })
  .superRefine((s, ctx) => {
    const problem = amountInputProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: `expected ${DECIMAL_HINT}: ${problem}` });
  })
  .transform(canonicalDecimalText)
  .meta({
    type: "string",
    pattern: DECIMAL_PATTERN,
    description: AMOUNT_INPUT_HINT,
  });

/** A strictly positive amount a caller sends (quantities, prices). */
export const positiveAmountInput = amountInput.refine((s) => decimalTextSign(s) > 0, {
  message: "must be greater than zero",
});

/** An amount a caller sends that is zero or more (fees). */
export const nonNegativeAmountInput = amountInput.refine((s) => decimalTextSign(s) >= 0, {
  message: "must not be negative",
});

/** Asset symbols: upper-case letters and digits, as exchanges and token lists spell them. */
export const assetSymbol = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, "expected an asset symbol such as BTC or USDT");

/** Milliseconds since the epoch as an ISO-8601 string on the wire. */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** The Bitcoin genesis block: nothing the product tracks happened before it. */
export const EARLIEST_TIMESTAMP = Date.parse("2009-01-03T00:00:00Z");
/** How far ahead of the clock a caller's timestamp may be (clock skew, time zones). */
export const MAX_FUTURE_MS = 86_400_000;

/** Why a caller's time is refused, or null: it must lie between the genesis block and a day after now. */
export function timestampProblem(ms: number, now: number): string | null {
  if (ms < EARLIEST_TIMESTAMP) return "must not be before 2009-01-03T00:00:00Z";
  if (ms > now + MAX_FUTURE_MS) return "must not be more than a day after now";
  return null;
}

/** A time a caller sends: ISO-8601 with an offset, between 2009-01-03 and a day after now. */
export const timestampInput = isoTimestamp
  .superRefine((s, ctx) => {
    const problem = timestampProblem(Date.parse(s), Date.now());
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description: "ISO-8601 time with an offset, between 2009-01-03 and a day after now",
  });

import { z } from "zod";
import { Dec, formatAmount, isDecimalString } from "../money/decimal.js";

const DECIMAL_HINT =
  'a decimal string such as "12.5" (no JSON numbers, exponents or signs other than "-")';

/** A decimal string on the wire, normalised to its canonical spelling. */
export const decimalString = z
  .string({ error: (iss) => (iss.input === undefined ? "required" : `expected ${DECIMAL_HINT}`) })
  .refine(isDecimalString, { message: `expected ${DECIMAL_HINT}` })
  .transform((s) => formatAmount(new Dec(s)));

/** A strictly positive decimal string (quantities, prices). */
export const positiveDecimalString = decimalString.refine((s) => new Dec(s).gt(0), {
  message: "must be greater than zero",
});

/** A decimal string that is zero or more (balances, fees). */
export const nonNegativeDecimalString = decimalString.refine((s) => new Dec(s).gte(0), {
  message: "must not be negative",
});

/** Asset symbols: upper-case letters and digits, as exchanges and token lists spell them. */
export const assetSymbol = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, "expected an asset symbol such as BTC or USDT");

/** Milliseconds since the epoch as an ISO-8601 string on the wire. */
export const isoTimestamp = z.iso.datetime({ offset: true });

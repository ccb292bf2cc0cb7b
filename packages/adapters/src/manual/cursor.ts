import { z } from "zod";

/**
 * Where a manual account's history stands: the next row is the `skip`-th (from 0) of the fills
 * booked at `t`, in txId order, then every fill booked later. Only fills booked before the
 * present millisecond are read, and a fill is never booked before it is recorded, so the fills
 * booked at `t` never change once read: the cursor stays right across restarts.
 */
export interface ManualPosition {
  t: number;
  skip: number;
}

const MANUAL_START: ManualPosition = { t: Number.MIN_SAFE_INTEGER, skip: 0 };

const ManualCursor = z
  .object({
    v: z.literal(1),
    t: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    skip: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export function encodeManualCursor(p: ManualPosition): string {
  return JSON.stringify({ v: 1, t: p.t, skip: p.skip });
}

/** No cursor starts from the beginning; one this module did not make answers null. */
export function decodeManualCursor(cursor: string | null): ManualPosition | null {
  if (cursor === null) return MANUAL_START;
  try {
    const parsed = ManualCursor.safeParse(JSON.parse(cursor));
    return parsed.success ? { t: parsed.data.t, skip: parsed.data.skip } : null;
  } catch {
    return null;
  }
}

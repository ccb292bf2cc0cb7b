import { assetSymbol, Dec, formatAmount, isDecimalString } from "@portfolio/core";
import { z } from "zod";
import { Holdings } from "./holdings.js";
import type { LedgerPosition } from "./ledger.js";

/** the first implementation's cursor: an index into the whole history */
const LEGACY_CURSOR = /^(0|[1-9][0-9]{0,9})$/;

/**
 * Version 2: where the generator stands, so a page goes on without replaying anything earlier:
 * `{"v":2,"slot":s,"skip":k,"held":{asset:amount},"walk":{asset:logPrice}}` says the next event
 * is the k-th (from 0) of slot s, the account held `held` before slot s (non-zero holdings,
 * canonical strings) and each price walk stood at `walk` at slot s. A float prints in JSON as
 * the shortest string that reads back as the same number, so the walk resumes exactly.
 */
const CursorV2 = z
  .object({
    v: z.literal(2),
    slot: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    skip: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    held: z.record(assetSymbol, z.string().refine(isDecimalString)),
    walk: z.record(assetSymbol, z.number()),
  })
  .strict();

export type DecodedCursor =
  | { kind: "start" }
  | { kind: "resume"; position: LedgerPosition; walk: ReadonlyMap<string, number> }
  | { kind: "malformed" };

export function encodeCursor(position: LedgerPosition, walk: ReadonlyMap<string, number>): string {
  const held: Record<string, string> = {};
  for (const [asset, amount] of position.held.entries())
    if (!amount.isZero()) held[asset] = formatAmount(amount);
  return JSON.stringify({
    v: 2,
    slot: position.slot,
    skip: position.skip,
    held,
    walk: Object.fromEntries(walk),
  });
}

/**
 * Null starts from the beginning, and so does a legacy cursor: it counted events, not slots,
 * and re-reading is safe because the host stores rows idempotently by txId.
 */
export function decodeCursor(cursor: string | null): DecodedCursor {
  if (cursor === null || LEGACY_CURSOR.test(cursor)) return { kind: "start" };
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    return { kind: "malformed" };
  }
  const parsed = CursorV2.safeParse(json);
  if (!parsed.success) return { kind: "malformed" };
  const { slot, skip, held, walk } = parsed.data;
  return {
    kind: "resume",
    position: {
      slot,
      skip,
      held: new Holdings(Object.entries(held).map(([asset, amount]) => [asset, new Dec(amount)])),
    },
    walk: new Map(Object.entries(walk)),
  };
}

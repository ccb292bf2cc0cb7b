import { type Dec, formatAmount, isFiat, roundAmount } from "@portfolio/core";
import { type Db, listActiveAccountIds } from "@portfolio/db";
import { ApiError } from "../errors/api-error.js";

/** How money goes out in `base`: a currency to the cent, anything else (BTC, a token) to 8 places, half to even. */
export function roundingFor(base: string): { places: number; mode: "halfEven" } {
  return { places: isFiat(base) ? 2 : 8, mode: "halfEven" };
}

/** A money amount on the wire: a decimal string rounded as `rounding` says. */
export function moneyOut(d: Dec, rounding: { places: number; mode: "halfEven" }): string {
  return formatAmount(roundAmount(d, rounding.places, rounding.mode));
}

/**
 * The accounts a report is cut to, as a set, after checking each is one of the owner's active
 * accounts (another owner's id is as unknown as a made-up one: 404); undefined for all of them.
 */
export async function ownAccounts(
  db: Db,
  owner: string,
  ids: string[] | undefined,
): Promise<Set<string> | undefined> {
  if (!ids) return undefined;
  const mine = new Set(await listActiveAccountIds(db, owner));
  const unknown = ids.filter((id) => !mine.has(id));
  if (unknown.length)
    throw new ApiError("NOT_FOUND", `no account ${unknown.join(", ")}`, { unknown });
  return new Set(ids);
}

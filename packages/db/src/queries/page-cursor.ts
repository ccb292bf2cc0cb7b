import { fromBase64Url, toBase64Url } from "@portfolio/core";

/**
 * Keyset paging cursors: the sort key of the last row handed out, as opaque base64url.
 * Stable under inserts, unlike offsets.
 */
export interface PageKey {
  t: number;
  id: string;
}

export function encodePageCursor(key: PageKey): string {
  return toBase64Url(JSON.stringify([key.t, key.id]));
}

/** Returns null for anything that is not a cursor this module made. */
export function decodePageCursor(cursor: string): PageKey | null {
  try {
    const json = fromBase64Url(cursor);
    if (json === null) return null;
    const value: unknown = JSON.parse(json);
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === "string" &&
      value[1].length <= 64
    ) {
      return { t: value[0], id: value[1] };
    }
  } catch {
    // fall through: not a cursor
  }
  return null;
}

/**
 * Cuts a keyset page from rows fetched with `limit + 1`: the extra row only says that more
 * exist, and the cursor is the sort key of the last row handed out.
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => PageKey,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodePageCursor(keyOf(last)) : null,
  };
}

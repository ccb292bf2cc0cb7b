/**
 * Keyset paging cursors: the sort key of the last row handed out, as opaque base64url.
 * Stable under inserts, unlike offsets.
 */
export interface PageKey {
  t: number;
  id: string;
}

export function encodePageCursor(key: PageKey): string {
  return btoa(JSON.stringify([key.t, key.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}

/** Returns null for anything that is not a cursor this module made. */
export function decodePageCursor(cursor: string): PageKey | null {
  try {
    const json = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
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

/** The last instant formatted, and its text. */
let lastMs = Number.NaN;
let lastText = "";

/**
 * An instant (ms since the epoch) as the wire writes it, ISO 8601 in UTC with milliseconds.
 * The last one is remembered: a bot's reads format the same sync time thousands of times.
 */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}

/** {@link isoTime}, with null (never happened) kept as null. */
export function isoTimeOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}

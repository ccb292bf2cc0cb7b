import { describe, expect, it } from "vitest";
import { isoTime, isoTimeOrNull } from "./iso-time.js";

describe("isoTime", () => {
  it("writes an instant as ISO 8601 in UTC with milliseconds", () => {
    // 2024-02-29 12:34:56.789 UTC: 19782 days after the epoch, plus the time of day
    const ms = 19_782 * 86_400_000 + ((12 * 60 + 34) * 60 + 56) * 1000 + 789;
    expect(isoTime(ms)).toBe("2024-02-29T12:34:56.789Z");
  });

  it("gives each instant its own text when calls alternate", () => {
    expect([isoTime(0), isoTime(1000), isoTime(0)]).toEqual([
      "1970-01-01T00:00:00.000Z",
      "1970-01-01T00:00:01.000Z",
      "1970-01-01T00:00:00.000Z",
    ]);
  });

  it("refuses an instant outside the Date range, as Date does", () => {
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });

  it("keeps null as null", () => {
    expect(isoTimeOrNull(null)).toBeNull();
    expect(isoTimeOrNull(0)).toBe("1970-01-01T00:00:00.000Z");
  });
});

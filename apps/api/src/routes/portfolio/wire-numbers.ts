/**
 * JSON has no Infinity: ratios with a zero denominator go out as the strings "Infinity" and
 * "-Infinity" (and NaN, which the metrics never produce on purpose, as null).
 */
export function wireNumbers<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v) => {
      if (typeof v !== "number") return v;
      if (v === Number.POSITIVE_INFINITY) return "Infinity";
      if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
      return Number.isNaN(v) ? null : v;
    }),
  ) as T;
}

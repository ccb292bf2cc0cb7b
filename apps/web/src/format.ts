const locale = undefined; // the browser's

/** ISO 4217 currencies, as the browser knows them: money with two places and a sign. */
const currencies = new Set(Intl.supportedValuesOf("currency"));
export const isFiat = (asset: string) => currencies.has(asset);

/** Money in `base`, per the browser's locale: a currency with its sign, an asset with 8 places. */
export function money(value: string | number | null | undefined, base: string): string {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  if (isFiat(base))
    return new Intl.NumberFormat(locale, { style: "currency", currency: base }).format(n);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 8 }).format(n)} ${base}`;
}

/** Money on a chart's axis: short ($19M, 2.5K BTC). */
export function compactMoney(value: number, base: string): string {
  const opts: Intl.NumberFormatOptions = { notation: "compact", maximumFractionDigits: 1 };
  if (isFiat(base))
    return new Intl.NumberFormat(locale, { ...opts, style: "currency", currency: base }).format(
      value,
    );
  return `${new Intl.NumberFormat(locale, opts).format(value)} ${base}`;
}

/** Units of an asset, with the asset's precision (2 places for a currency, 8 otherwise). */
export function units(value: string | null | undefined, asset: string): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: isFiat(asset) ? 2 : 8 }).format(
    Number(value),
  );
}

/** A ratio as a percentage (0.0123 → 1.23 %). */
export function percent(ratio: number | string | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined || ratio === "") return "—";
  if (typeof ratio === "string") return ratio;
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** A number for a table: a few significant places. */
export function ratio(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}

export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(iso));
}

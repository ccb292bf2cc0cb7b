/**
 * Fiat currencies (ISO 4217) the product meets on exchanges and as bases: money, never property.
 * The lots engine holds no lots of them (spending dollars is no disposal); reports give them
 * two decimal places.
 */
export const FIAT_CURRENCIES: ReadonlySet<string> = new Set([
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "CAD",
  "AUD",
  "NZD",
  "JPY",
  "CNY",
  "HKD",
  "SGD",
  "KRW",
  "INR",
  "TRY",
  "BRL",
  "MXN",
  "ARS",
  "PLN",
  "CZK",
  "HUF",
  "RON",
  "SEK",
  "NOK",
  "DKK",
  "ZAR",
  "NGN",
  "UAH",
  "RUB",
  "KZT",
  "IDR",
  "PHP",
  "THB",
  "VND",
  "AED",
  "SAR",
  "ILS",
  "COP",
  "PEN",
  "CLP",
]);

export function isFiat(asset: string): boolean {
  return FIAT_CURRENCIES.has(asset);
}

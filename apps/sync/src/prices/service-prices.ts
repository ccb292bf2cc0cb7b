import { type PriceDO, priceStub } from "./price-do.js";

/**
 * The price service's current price of each of `assets` in `base` (asset → decimal string), so
 * the same asset has one price wherever it is valued; null when the service does not answer
 * within `waitMs`, cannot reach `base` or fails (the reason is logged as `event`), and the
 * callers' own prices stand.
 */
export async function servicePrices(
  prices: DurableObjectNamespace<PriceDO>,
  assets: Iterable<string>,
  base: string,
  waitMs: number,
  event: string,
): Promise<Record<string, string> | null> {
  const ask = [...new Set(assets)].filter((a) => a !== base);
  if (ask.length === 0) return {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    const r = await Promise.race([priceStub(prices).prices(ask, base), timeout]);
    if (!r?.ok) {
      console.error(JSON.stringify({ event, reason: r === null ? "timeout" : r.reason }));
      return null;
    }
    return Object.fromEntries(r.prices.map((p) => [p.asset, p.price]));
  } catch (cause) {
    console.error(JSON.stringify({ event, reason: String(cause) }));
    return null;
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

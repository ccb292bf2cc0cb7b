/** What JSON.parse hands a reviver beside the value: the value's own source text (ES2025's
 * "JSON.parse source text access", in workerd and Node ≥ 21). */
interface ReviverContext {
  source?: string;
}

const INTEGER = /^-?\d+$/;

/**
 * JSON with every integer too large for a JS number kept exactly, as its decimal string.
 * Binance's 64-bit ids (a convert's `orderId`, a transfer's `tranId`, any field) would lose
 * their last digits as numbers; the reviver reads each number's source text instead of
 * matching field names in the raw body, so no field, spacing or nesting is missed.
 */
export function parseLosslessJson(text: string): unknown {
  return JSON.parse(text, function revive(_key, value: unknown, context?: ReviverContext) {
    if (typeof value !== "number" || Number.isSafeInteger(value)) return value;
    const source = context?.source;
    if (source === undefined) throw new Error("this runtime's JSON.parse gives no source text");
    return INTEGER.test(source) ? source : value;
  });
}

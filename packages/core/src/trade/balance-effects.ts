import { Dec, parseAmount } from "../money/decimal.js";

/** The fields of a transaction that move balances (wire strings, as stored). */
export interface BalanceMovingTx {
  txType: string;
  asset: string;
  amount: string;
  quoteAsset: string | null;
  quoteAmount: string | null;
  fee: string | null;
  feeAsset: string | null;
}

const INBOUND = new Set(["buy", "deposit", "transfer_in", "reward", "convert", "liquidity_remove"]);
const OUTBOUND = new Set(["sell", "withdrawal", "transfer_out", "fee", "liquidity_add"]);
/** the quote leg moves against the asset leg */
const QUOTE_OUT = new Set(["buy", "convert", "liquidity_remove"]);
const QUOTE_IN = new Set(["sell", "liquidity_add"]);

/**
 * How a transaction changes each asset's balance. A buy/convert receives `asset` and gives up
 * `quoteAsset`; a sell the reverse. A liquidity_add gives `asset` into a pool and receives the
 * share `quoteAsset`; a liquidity_remove the reverse. The fee is always taken from `feeAsset`. Summing these over
 * an account's history reproduces its balances, which is how reconciliation is checked.
 */
export function balanceEffects(tx: BalanceMovingTx): Map<string, Dec> {
  const out = new Map<string, Dec>();
  const add = (asset: string, delta: Dec) =>
    out.set(asset, (out.get(asset) ?? new Dec(0)).add(delta));
  const amount = parseAmount(tx.amount);
  if (tx.txType === "fee") {
    add(tx.asset, amount.neg());
  } else if (INBOUND.has(tx.txType)) {
    add(tx.asset, amount);
  } else if (OUTBOUND.has(tx.txType)) {
    add(tx.asset, amount.neg());
  } else {
    throw new Error(`unknown transaction type ${tx.txType}`);
  }
  if (tx.quoteAsset !== null && tx.quoteAmount !== null) {
    const quote = parseAmount(tx.quoteAmount, "quoteAmount");
    if (QUOTE_OUT.has(tx.txType)) add(tx.quoteAsset, quote.neg());
    else if (QUOTE_IN.has(tx.txType)) add(tx.quoteAsset, quote);
  }
  if (tx.fee !== null && tx.feeAsset !== null) add(tx.feeAsset, parseAmount(tx.fee, "fee").neg());
  return out;
}

/** Sums {@link balanceEffects} over a history: the balance per asset it implies. */
export function sumBalanceEffects(txs: Iterable<BalanceMovingTx>): Map<string, Dec> {
  const total = new Map<string, Dec>();
  for (const tx of txs) {
    for (const [asset, delta] of balanceEffects(tx))
      total.set(asset, (total.get(asset) ?? new Dec(0)).add(delta));
  }
  return total;
}

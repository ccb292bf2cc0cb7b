import type { Dec } from "../money/decimal.js";
import { parseAmount } from "../money/decimal.js";
import { type LotsLedger, ZERO } from "./lots-ledger.js";
import type { LedgerRow } from "./lots-types.js";

// Trades, converts and rewards: what the lots engine does with each (see computeLots).

/** A trade: `got` received, `gave` given, one value for both (see the class comment). */
export function trade(
  l: LotsLedger,
  r: LedgerRow,
  got: { asset: string; amount: Dec } | null,
  gave: { asset: string; amount: Dec } | null,
): void {
  if (!got || !gave) throw new Error(`trade ${r.txId} lacks its quote leg`);
  // money on either side sets the value (the base exactly); else the quote leg's market value
  const worth = l.isCash(gave.asset)
    ? l.value(gave.asset, gave.amount, r.timestamp)
    : l.isCash(got.asset)
      ? l.value(got.asset, got.amount, r.timestamp)
      : (l.value(gave.asset, gave.amount, r.timestamp) ??
        l.value(got.asset, got.amount, r.timestamp));
  if (worth === null) l.finding("unpriced", r, gave.asset, gave.amount);
  const value = worth ?? ZERO;
  const fee = r.fee && r.feeAsset ? parseAmount(r.fee) : ZERO;
  const feeAsset = r.feeAsset;
  let cost = value;
  let proceeds = value;
  let received = got.amount;
  if (fee.gt(0) && feeAsset === got.asset && !l.isCash(feeAsset)) {
    // the fee came out of what was received: fewer units for the same value
    received = received.sub(fee);
  } else if (fee.gt(0) && feeAsset) {
    const worthOfFee = l.fee(r, feeAsset, fee, "fee");
    if (l.isCash(got.asset)) proceeds = proceeds.sub(worthOfFee);
    else cost = cost.add(worthOfFee);
  }
  l.dispose(r, gave.asset, gave.amount, proceeds, "trade");
  if (received.gt(0)) l.open(r, got.asset, received, cost, "trade");
  else {
    // the fee took every unit received (and any more from what was held): nothing is left to
    // carry the cost, so it is lost now, not dropped
    l.lose(r, got.asset, cost, "fee");
    l.fee(r, got.asset, received.neg(), "fee");
  }
}

export function reward(l: LotsLedger, r: LedgerRow, amount: Dec): void {
  const value = l.value(r.asset, amount, r.timestamp);
  if (value === null) l.finding("unpriced", r, r.asset, amount);
  l.income.push({
    asset: r.asset,
    amount,
    value,
    at: r.timestamp,
    accountId: r.accountId,
    txId: r.txId,
  });
  l.open(r, r.asset, amount, value ?? ZERO, "income");
}

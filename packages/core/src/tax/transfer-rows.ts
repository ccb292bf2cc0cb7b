import type { Dec } from "../money/decimal.js";
import { parseAmount } from "../money/decimal.js";
import { shareOf } from "./lot-queue.js";
import { rowKey as key, type LotsLedger, ZERO } from "./lots-ledger.js";
import type { LedgerRow } from "./lots-types.js";

// Deposits, withdrawals and transfers between the owner's accounts (see computeLots).

/** A deposit or transfer in: the arrival of an own transfer, or coins from outside. */
export function arrival(l: LotsLedger, r: LedgerRow, amount: Dec): void {
  const pair = l.pairOf.get(key(r));
  if (pair) {
    move(l, pair, key(r));
    return;
  }
  if (l.isCash(r.asset)) return;
  if (l.settings.depositBasis === "zero") {
    l.finding("missing_acquisition", r, r.asset, amount);
    l.open(r, r.asset, amount, ZERO, "deposit");
    return;
  }
  l.finding("assumed_basis", r, r.asset, amount);
  l.open(r, r.asset, amount, l.valueOrFinding(r, r.asset, amount), "deposit");
}

/** A withdrawal or transfer out: the start of an own transfer, or coins leaving at cost. */
export function departure(l: LotsLedger, r: LedgerRow, amount: Dec): void {
  const fee = r.fee && r.feeAsset ? parseAmount(r.fee) : ZERO;
  const pair = l.pairOf.get(key(r));
  // the network fee: a disposal, or (transferFee "basis") its cost goes with the lots
  let feeCost = ZERO;
  if (fee.gt(0) && r.feeAsset && !l.isCash(r.feeAsset)) {
    if (l.settings.transferFee === "disposal") l.fee(r, r.feeAsset, fee, "transfer_fee");
    else feeCost = l.costOut(r, r.feeAsset, fee);
  }
  if (pair) {
    move(l, key(r), pair, feeCost);
    return;
  }
  if (l.isCash(r.asset)) return;
  const parts = l.take(r, r.asset, amount);
  l.withdrawn.push({
    asset: r.asset,
    amount,
    cost: parts.reduce((s, p) => s.add(p.cost), feeCost),
    at: r.timestamp,
    accountId: r.accountId,
    txId: r.txId,
  });
}

/**
 * An own transfer: the lots leave the sending account and open in the receiving one with their
 * basis (and `extraCost`, a fee's basis, spread by units) and dates. Done once, at whichever
 * side comes first.
 */
export function move(l: LotsLedger, outKey: string, inKey: string, extraCost = ZERO): void {
  if (l.moved.has(outKey)) return;
  l.moved.add(outKey);
  const out = l.byKey.get(outKey) as LedgerRow;
  const inn = l.byKey.get(inKey) as LedgerRow;
  if (l.isCash(out.asset)) return;
  const amount = parseAmount(out.amount);
  const parts = l.take(out, out.asset, amount);
  let rest = extraCost;
  parts.forEach((p, i) => {
    const extra = i === parts.length - 1 ? rest : shareOf(extraCost, p.amount, amount);
    rest = rest.sub(extra);
    l.queue(inn.accountId, out.asset).add({
      ...p.lot,
      id: `${p.lot.id}>${inn.accountId}`,
      amount: p.amount,
      cost: p.cost.add(extra),
      accountId: inn.accountId,
    });
  });
}

import { Dec, parseAmount } from "../money/decimal.js";
import { shareOf } from "./lot-queue.js";
import { type LotsLedger, ZERO } from "./lots-ledger.js";
import type { LedgerRow } from "./lots-types.js";

// Liquidity put into pools and taken out (see computeLots and TaxSettings.liquidity).

/** One pool movement: every token of a liquidity add (or remove) and the share. */
export function liquidity(l: LotsLedger, group: LedgerRow[]): void {
  const first = group[0] as LedgerRow;
  const share = first.quoteAsset;
  const shareAmount = group.reduce(
    (s, g) => s.add(g.quoteAmount ? parseAmount(g.quoteAmount) : ZERO),
    ZERO,
  );
  const tokens = group.map((g) => ({ asset: g.asset, amount: parseAmount(g.amount) }));
  const values = tokens.map((t) => l.value(t.asset, t.amount, first.timestamp));
  const known = values.every((v) => v !== null);
  const total = values.reduce<Dec>((s, v) => s.add(v ?? ZERO), ZERO);
  if (!known) l.finding("unpriced", first, first.asset, tokens[0]?.amount ?? ZERO);
  if (!share) throw new Error(`liquidity ${first.txId} names no pool share`);
  const add = first.txType === "liquidity_add";
  if (l.settings.liquidity === "disposal") {
    if (add) {
      tokens.forEach((t, i) => {
        l.dispose(first, t.asset, t.amount, values[i] ?? ZERO, "liquidity");
      });
      l.open(first, share, shareAmount, total, "trade");
    } else {
      l.dispose(first, share, shareAmount, total, "liquidity");
      tokens.forEach((t, i) => {
        l.open(first, t.asset, t.amount, values[i] ?? ZERO, "trade");
      });
    }
    return;
  }
  if (add) {
    // the tokens' basis becomes the share's
    const cost = tokens.reduce((s, t) => s.add(l.costOut(first, t.asset, t.amount)), ZERO);
    l.open(first, share, shareAmount, cost, "exchange");
    return;
  }
  // the share's basis goes back to the tokens, by their market values (by units without them)
  const cost = l.costOut(first, share, shareAmount);
  const weights = known && total.gt(0) ? (values as Dec[]) : tokens.map(() => new Dec(1));
  const sum = weights.reduce((s, w) => s.add(w), ZERO);
  let rest = cost;
  tokens.forEach((t, i) => {
    const part = i === tokens.length - 1 ? rest : shareOf(cost, weights[i] as Dec, sum);
    rest = rest.sub(part);
    l.open(first, t.asset, t.amount, part, "exchange");
  });
}
